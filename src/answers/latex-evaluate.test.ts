import { describe, expect, it } from 'vitest';
import { compileExpression } from './latex-evaluate.js';

const value = (text: string, values: Record<string, number> = {}): number | null =>
  compileExpression(text)?.evaluate(new Map(Object.entries(values))) ?? null;

describe('compileExpression', () => {
  it('follows precedence: unary minus below powers, implicit products bind like *', () => {
    expect(value('-2^2')).toBe(-4);
    expect(value('2^{3}\\cdot3')).toBe(24);
    expect(value('1+2\\times3-4/2')).toBe(5);
    expect(value('2\\frac{1}{2}')).toBe(1); // raw LaTeX is a product; mixed numbers are handled before evaluation
    expect(value('\\frac{6}{2}(1+2)')).toBe(9);
    expect(value('|-3|+\\sqrt{16}')).toBe(7);
  });

  it('knows π, e, functions, roots, logs and subscripted variables', () => {
    expect(value('\\cos\\pi')).toBe(-1);
    expect(value('\\ln e')).toBe(1);
    expect(value('\\log 1000')).toBeCloseTo(3, 12);
    expect(value('\\sqrt[4]{16}')).toBe(2);
    expect(value('3x_{1}+\\theta', { 'x_{1}': 2, '\\theta': 1 })).toBe(7);
    expect(compileExpression('\\alpha x+y')?.variables).toEqual(['\\alpha', 'x', 'y']);
  });

  it('refuses what is not arithmetic instead of guessing', () => {
    for (const text of ['\\infty', '(1,2)', 'x=1', '\\text{yes}', '1+', '\\frac{1}', '2 \\le x', '']) {
      expect(compileExpression(text), text).toBeNull();
    }
  });
});
