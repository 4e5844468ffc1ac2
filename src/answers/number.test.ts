import { describe, expect, it } from 'vitest';
import { readGold } from './gold.js';
import { numberAnswers } from './number.js';

const { extract, normalize, equivalent } = numberAnswers;

describe('number answers', () => {
  it('reads a plain number with its sign, decimals, thousands separators, currency and percent', () => {
    expect(normalize('42')).toBe('42');
    expect(normalize('-3.50')).toBe('-3.5');
    expect(normalize('−4')).toBe('-4');
    expect(normalize('1,000')).toBe('1000');
    expect(normalize('$1,250.00')).toBe('1250');
    expect(normalize('\\$32')).toBe('32');
    expect(normalize('50%')).toBe('50');
    expect(normalize('007')).toBe('7');
    expect(normalize('1/2')).toBe('0.5');
    expect(normalize('2.5e-2')).toBe('0.025');
  });

  it('drops units and words after the number, and an assignment before it', () => {
    expect(normalize('42 apples')).toBe('42');
    expect(normalize('$1,250.00 per month')).toBe('1250');
    expect(normalize('x = 7')).toBe('7');
    expect(normalize('**18**')).toBe('18');
  });

  it('gives no answer for what is not one number: expressions, lists, dates, times, versions, math words', () => {
    for (const answer of ['5 + 3', '1, 2', '1,2', '10/02/2021', '12:30', '1.2.3', '2021-10-02', '3 pi', 'abc', '']) {
      expect(normalize(answer), answer).toBeNull();
    }
  });

  it('finds the answer as math does: box, #### line, answer phrase', () => {
    expect(extract('so \\boxed{72}')).toBe('72');
    expect(extract('She has 18 left.\n#### 1,234')).toBe('1234');
    expect(extract('The answer is 5, not 6.')).toBe('5');
    expect(extract('She has 18 apples left.')).toBeNull(); // no marked answer: an abstention
  });

  it('compares exact values: 0.50 is 1/2, 0.333 is not 1/3', () => {
    expect(equivalent(normalize('0.50') as string, normalize('1/2') as string)).toBe(true);
    expect(normalize('0.333')).not.toBe(normalize('1/3'));
  });

  it('reads #### 42, \\boxed{42} and "The answer is 42" golds as 42', () => {
    for (const gold of ['#### 42', '\\boxed{42}', 'The answer is 42', '42']) expect(readGold(numberAnswers, gold), gold).toBe('42');
  });
});
