import type { AnswerKind } from './answer-kind.js';

/**
 * The grading rule of the embedded toy-arith models (models/toy-arith/README.md): read the completion
 * up to its first newline and take the integer in "The answer is N". No match is no answer.
 */
export const toyArithAnswers: AnswerKind = {
  name: 'toy-arith',
  extract(text) {
    const firstLine = text.split('\n', 1)[0] ?? '';
    const match = /The answer is (-?\d+)/.exec(firstLine);
    return match === null ? null : canonicalInteger(match[1] as string);
  },
  normalize: (answer) => (/^\s*-?\d+\s*$/.test(answer) ? canonicalInteger(answer.trim()) : null),
  equivalent: (a, b) => a === b,
};

const canonicalInteger = (digits: string): string => String(Number.parseInt(digits, 10));
