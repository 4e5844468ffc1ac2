/**
 * A solution's steps are its sentences without their final dots (toy-arith-sf's README: `4*17=68`,
 * `The answer is 53`). Sentences come from the platform's Unicode sentence segmenter (Intl.Segmenter,
 * UAX #29), so `3.5` or a newline-separated list split where a reader would split them.
 */
export interface Step {
  /** The sentence, trimmed, without its final dot. */
  text: string;
  /** Where the sentence starts in the solution text (after leading spaces). */
  start: number;
  /** Where it ends, after its dot. */
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

export function splitSteps(solution: string): Step[] {
  const steps: Step[] = [];
  for (const { segment, index } of segmenter.segment(solution)) {
    const content = segment.trim();
    if (content === '') continue;
    const start = index + (segment.length - segment.trimStart().length);
    const text = content.replace(/\.$/, '').trimEnd();
    if (text === '') continue;
    steps.push({ text, start, end: start + content.length });
  }
  return steps;
}

/** The solution text before a step, exactly as written (no trailing space): what a check continues from. */
export const prefixBefore = (solution: string, step: Step): string => solution.slice(0, step.start).trimEnd();

/** The first step of a model's output (a step check's own version), or null when it wrote none. */
export const firstStep = (output: string): string | null => splitSteps(output)[0]?.text ?? null;
