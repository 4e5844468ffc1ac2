/**
 * An answer kind knows how to pull a final answer out of a model's text and when two answers mean
 * the same thing. Each kind lives in its own file and registers here by name. A *checker* kind also
 * grades an answer against the question itself (a Game of 24 expression, a program's tests), for
 * tasks where many different answers are right and no gold string can say which.
 */
export interface AnswerKind {
  readonly name: string;
  /**
   * The canonical answer in `text`, or `null` when none can be extracted (an abstention: it never
   * votes). Never returns the empty string.
   */
  extract(text: string): string | null;
  /** Canonical form of an answer given directly (a pre-extracted answer, a bare gold label). */
  normalize(answer: string): string | null;
  /** Whether two canonical answers are equivalent (symmetric, may be slower than string equality). */
  equivalent(a: string, b: string): boolean;
  /**
   * How a gold answer is read, when not as `readGold` does by default (as a sample's text, else as a
   * bare answer). `null`: this kind cannot read it.
   */
  readGold?(gold: string): string | null;
  /**
   * Checker kinds: whether a canonical answer solves the question. Grading then calls this instead of
   * comparing with a gold answer; votes still group by `equivalent`.
   */
  check?(question: CheckedQuestion, answer: string): boolean;
}

/** What a checker sees of a question. */
export interface CheckedQuestion {
  /** The question as the task states it: a dataset's `question`, else the prompt's text. */
  text: string;
  /** The gold field as written, when the task has one (a checker may read test cases from it). */
  gold?: string;
}
