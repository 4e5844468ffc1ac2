/**
 * An answer kind knows how to pull a final answer out of a model's text and when two answers mean
 * the same thing. Each kind lives in its own file and registers here by name.
 */
export interface AnswerKind {
  readonly name: string;
  /**
   * The canonical answer in `text`, or `null` when none can be extracted (an abstention: it never
   * votes). Never returns the empty string.
   */
  extract(text: string): string | null;
  /** Canonical form of an answer given directly (a gold label, a pre-extracted answer). */
  normalize(answer: string): string | null;
  /** Whether two canonical answers are equivalent (symmetric, may be slower than string equality). */
  equivalent(a: string, b: string): boolean;
}
