import { describe, expect, it } from 'vitest';
import { formatRational, parseRational } from './rational.js';

const canonical = (text: string): string | null => {
  const value = parseRational(text);
  return value === null ? null : formatRational(value);
};

describe('rationals', () => {
  it('gives one spelling per value: terminating decimals as decimals, others as \\frac', () => {
    expect(canonical('0.50')).toBe('0.5');
    expect(canonical('1/2')).toBe('0.5');
    expect(canonical('\\frac{2}{4}')).toBe('0.5');
    expect(canonical('\\frac{-1}{3}')).toBe('-\\frac{1}{3}');
    expect(canonical('-\\frac{4}{-6}')).toBe('\\frac{2}{3}');
    expect(canonical('.0000672')).toBe('0.0000672');
    expect(canonical('3.000')).toBe('3');
    expect(canonical('12345678901234567890123')).toBe('12345678901234567890123');
  });

  it('reads mixed numbers as sums, only with a proper fraction of whole numbers', () => {
    expect(canonical('2\\frac{1}{2}')).toBe('2.5');
    expect(canonical('-137\\frac{1}{2}')).toBe('-137.5');
    expect(canonical('2\\frac{3}{2}')).toBeNull();
  });

  it('refuses division by zero and anything that is not a plain number', () => {
    expect(canonical('1/0')).toBeNull();
    expect(canonical('\\frac{1}{0}')).toBeNull();
    expect(canonical('\\sqrt{2}')).toBeNull();
    expect(canonical('1e5')).toBeNull();
  });
});
