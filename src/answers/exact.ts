import type { AnswerKind } from './answer-kind.js';

/**
 * Answers that are already canonical (pre-extracted labels, recorded answers): compared as trimmed
 * strings. The text itself is the answer; blank text is no answer.
 */
export const exactAnswers: AnswerKind = {
  name: 'exact',
  extract: (text) => normalizeExact(text),
  normalize: (answer) => normalizeExact(answer),
  equivalent: (a, b) => a === b,
};

function normalizeExact(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
