/**
 * The Game of 24 (Yao et al.'s Tree of Thoughts benchmark) as a checker kind: the question gives four
 * numbers, and an answer is right when it is an arithmetic expression that uses each of them exactly
 * once and equals 24 — computed with exact rationals, so `8 / (3 - 8 / 3)` is 24 and no rounding can
 * pass a wrong one. Many expressions are right for one puzzle, so there is no gold string: grading
 * calls `check`. Votes group by the expression with spaces and a trailing `= 24` removed.
 *
 * The answer is the last box, else the rest of the line after the last answer phrase (`Answer: (6 -
 * 4) * (4 + 8) = 24`), else the last line that ends in `= 24`. The puzzle's numbers are the first run of
 * two or more whole numbers in the question separated by spaces or commas (`4 7 8 8`, `Use 4, 7, 8, 8`).
 */
import type { AnswerKind, CheckedQuestion } from './answer-kind.js';
import { lastAnswerPhrase } from './answer-phrases.js';
import { evaluateArithmetic } from './arithmetic.js';
import { lastBoxed } from './boxed.js';

export interface Game24Options {
  /** The value to reach. Default 24. */
  target?: number;
}

export function game24Answers(options: Game24Options = {}): AnswerKind {
  const target = BigInt(options.target ?? 24);
  return {
    name: options.target === undefined || options.target === 24 ? 'game24' : `game${options.target}`,
    extract: (text) => {
      const boxed = lastBoxed(text);
      if (boxed.kind === 'broken') return null;
      if (boxed.kind === 'found') return canonical(boxed.content);
      const phrase = lastAnswerPhrase(text, { wholeLine: true });
      if (phrase !== null) return canonical(phrase);
      const line = text.split('\n').findLast((l) => /=\s*-?\d+\s*\.?\s*$/.test(l));
      return line === undefined ? null : canonical(line.replace(/^[^\d(]*/, ''));
    },
    normalize: canonical,
    equivalent: (a, b) => a === b,
    check: (question, answer) => solves(question, answer, target),
  };
}

/** The expression without spaces, markup or a trailing `= 24`; `null` when it is not plain arithmetic. */
function canonical(answer: string): string | null {
  const expression = answer
    .replace(/\\(?:times|cdot)/g, '*')
    .replace(/\\div/g, '/')
    .replace(/\*\*|[$`]|\\[()[\]]/g, '')
    .replace(/\s*=\s*-?\d+\s*\.?\s*$/, '')
    .replace(/\s+/g, '')
    .replace(/[×x]/g, '*')
    .replace(/÷/g, '/')
    .replace(/\.$/, '');
  return evaluateArithmetic(expression) === null ? null : expression;
}

function solves(question: CheckedQuestion, answer: string, target: bigint): boolean {
  const numbers = puzzleNumbers(question.text);
  const evaluated = evaluateArithmetic(answer);
  if (numbers === null || evaluated === null) return false;
  const { value, literals } = evaluated;
  return value.den === 1n && value.num === target && sorted(literals) === sorted(numbers);
}

const sorted = (list: bigint[]): string => list.toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',');

/** The first run of two or more whole numbers separated by spaces or commas, or `null`. */
export function puzzleNumbers(text: string): bigint[] | null {
  const run = /(?<![\d.])\d+(?:[\s,]+\d+)+(?![\d.])/.exec(text);
  return run === null ? null : run[0].split(/[\s,]+/).map((n) => BigInt(n));
}

export const game24Kind = game24Answers();
