/**
 * Where a math answer sits in a model's text, in priority order: the last `\boxed{}`/`\fbox{}`, the
 * last `#### N` line (GSM8K), the last "the answer is" phrase, and optionally the last number.
 */
import { lastAnswerPhrase } from './answer-phrases.js';
import { lastBoxed } from './boxed.js';

export interface MathExtractOptions {
  /** Take the last number in the text when nothing else marks the answer (Qwen's `use_last_number`). */
  lastNumberFallback?: boolean;
}

/** The raw answer text (not yet normalised), or `null` when the text marks no answer. */
export function findMathAnswer(text: string, options: MathExtractOptions = {}): string | null {
  const boxed = lastBoxed(text);
  if (boxed.kind === 'found') return boxed.content;
  if (boxed.kind === 'broken') return null; // the final box was cut off: an earlier one is not the answer
  const phrase = lastAnswerPhrase(text);
  return lastHashAnswer(text) ?? (phrase === null ? null : leadingNumberOfProse(phrase)) ?? (options.lastNumberFallback === true ? lastNumber(text) : null);
}

// A plain number, then prose: `3 apples`, `5, not 6`, `$12 in total`. Math words after a number
// (`3 pi`, `2 sqrt 3`) belong to the value.
const NUMBER_THEN_PROSE = /^(\\?\$?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?),?\s+(?!(?:pi|sqrt|i|e)\b)[a-zA-Z]{2,}/;

/** The number an answer phrase starts with when words follow it; the phrase unchanged otherwise. */
function leadingNumberOfProse(phrase: string): string {
  return NUMBER_THEN_PROSE.exec(phrase)?.[1] ?? phrase;
}

function lastHashAnswer(text: string): string | null {
  let answer: string | null = null;
  for (const match of text.matchAll(/^#### *(.*\S)/gm)) answer = match[1] as string;
  return answer;
}

// A sign only where it cannot be a minus between two terms (`5-3` gives 3, not -3).
const NUMBER = /(?<![\w)])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+)/g;

function lastNumber(text: string): string | null {
  let last: string | null = null;
  for (const match of text.matchAll(NUMBER)) last = match[0];
  return last;
}
