import type { AnswerKind } from './answer-kind.js';
import { findMathAnswer, type MathExtractOptions } from './math-extract.js';
import { mathEquivalent } from './math-equivalent.js';
import { canonicalMath } from './math-normalize.js';

export interface MathAnswerOptions extends MathExtractOptions {
  /** Registry name; defaults to `math`, or `math-lenient` with the last-number fallback. */
  name?: string;
}

/**
 * Math answers (MATH, GSM8K, AIME, SVAMP): extracted from `\boxed{}`, `####`, or "the answer is", put
 * in canonical form (so a vote mostly groups by string), and compared by value when strings differ.
 * Extraction and normalisation are string work only; evaluation happens in `equivalent`, cached.
 */
export function mathAnswers(options: MathAnswerOptions = {}): AnswerKind {
  const lenient = options.lastNumberFallback === true;
  return {
    name: options.name ?? (lenient ? 'math-lenient' : 'math'),
    extract: (text) => {
      const found = findMathAnswer(text, { lastNumberFallback: lenient });
      return found === null ? null : canonicalMath(found);
    },
    normalize: (answer) => canonicalMath(answer),
    equivalent: mathEquivalent,
    // A gold answer is marked or bare, never prose: the last-number fallback would read `\frac{1}{2}` as 2.
    readGold: (gold) => {
      const found = findMathAnswer(gold);
      return canonicalMath(found ?? gold);
    },
  };
}

/** The default: abstains when the text marks no answer. */
export const mathKind = mathAnswers();
/** Falls back to the last number in the text (answers more, and wrongly more often). */
export const mathLenientKind = mathAnswers({ lastNumberFallback: true });
