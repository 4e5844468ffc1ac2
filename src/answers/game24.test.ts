import { describe, expect, it } from 'vitest';
import { readGold } from './gold.js';
import { game24Answers, game24Kind, puzzleNumbers } from './game24.js';

const solves = (puzzle: string, expression: string): boolean => {
  const answer = game24Kind.normalize(expression);
  return answer !== null && game24Kind.check!({ text: puzzle }, answer);
};

describe('Game of 24 checker', () => {
  // Each expression below was worked by hand.
  it('accepts expressions that use each number once and make exactly 24', () => {
    expect(solves('4 7 8 8', '(7 - 8 / 8) * 4')).toBe(true); // (7 − 1) · 4
    expect(solves('4 4 6 8', '(6 - 4) * (4 + 8) = 24')).toBe(true); // 2 · 12
    expect(solves('1 2 3 4', '1*2*3*4')).toBe(true);
    expect(solves('1 2 3 4', '(1 + 2 + 3) × 4')).toBe(true);
  });

  it('computes with exact rationals: 8/(3-8/3) and 5*(5-1/5) are exactly 24', () => {
    expect(solves('3 3 8 8', '8 / (3 - 8 / 3)')).toBe(true); // 8 / (1/3)
    expect(solves('1 5 5 5', '5 * (5 - 1 / 5)')).toBe(true); // 5 · 24/5
    expect(solves('3 3 8 8', '8 / (3 - 8 / 3) + 0')).toBe(false); // a number not in the puzzle
  });

  it('rejects a wrong value, a number left out or used twice, and numbers not in the puzzle', () => {
    expect(solves('1 2 3 4', '1 + 2 + 3 + 4')).toBe(false); // 10
    expect(solves('1 2 3 4', '4 * 3 * 2')).toBe(false); // 24 without the 1
    expect(solves('1 2 3 4', '4 * 3 * 2 * 1 * 1')).toBe(false); // the 1 twice
    expect(solves('1 1 4 6', '(6 - 4) * (4 + 8)')).toBe(false); // uses 4, 8: not this puzzle
    expect(solves('1 2 3 4', '(1 + 3) / (2 - 2) * 4')).toBe(false); // divides by zero
  });

  it('reads only plain arithmetic', () => {
    expect(game24Kind.normalize('(1+1+1+1)!')).toBeNull();
    expect(game24Kind.normalize('-4 * -6')).toBeNull(); // no negation of the given numbers
    expect(game24Kind.normalize('24')).toBe('24');
  });

  it('finds the expression in a ToT-style answer line, a box, or the last "= 24" line', () => {
    const text = 'Steps:\n4 + 8 = 12 (left: 4 6 12)\n6 - 4 = 2 (left: 2 12)\n2 * 12 = 24 (left: 24)\nAnswer: (6 - 4) * (4 + 8) = 24';
    expect(game24Kind.extract(text)).toBe('(6-4)*(4+8)');
    expect(game24Kind.extract('$\\boxed{(6-4) \\times (4+8)}$')).toBe('(6-4)*(4+8)');
    expect(game24Kind.extract('first 6 * 4 = 24')).toBe('6*4');
    expect(game24Kind.extract('I cannot find one.')).toBeNull();
  });

  it('reads the puzzle from the question, and keeps any gold as written', () => {
    expect(puzzleNumbers('Use numbers and basic arithmetic operations (+ - * /) to obtain 24.\nInput: 4 7 8 8')).toEqual([4n, 7n, 8n, 8n]);
    expect(puzzleNumbers('Use 4, 7, 8, 8 to make 24')).toEqual([4n, 7n, 8n, 8n]);
    expect(readGold(game24Kind, '(7-8/8)*4')).toBe('(7-8/8)*4');
  });

  it('can aim at another target', () => {
    const kind = game24Answers({ target: 10 });
    expect(kind.name).toBe('game10');
    expect(kind.check!({ text: '1 2 3 4' }, '1+2+3+4')).toBe(true);
  });
});
