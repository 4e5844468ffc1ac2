/** One test per pitfall in the answer-equivalence checklist (algorithms.md §12c). */
import { describe, expect, it } from 'vitest';
import { mathKind, mathLenientKind } from './math.js';

const { extract, normalize, equivalent } = mathKind;
/** Whether two answers as a user would write them are judged the same. */
const same = (a: string, b: string): boolean => {
  const [x, y] = [normalize(a), normalize(b)];
  return x !== null && y !== null && equivalent(x, y);
};

describe('math pitfalls (§12c)', () => {
  it('takes the last \\boxed, and abstains when it is unbalanced rather than truncating', () => {
    expect(extract('Step: $\\boxed{12}$. Recheck: the total is $\\boxed{15}$.')).toBe('15');
    expect(extract('Earlier \\boxed{12}. Final: \\boxed{\\frac{3}{4}')).toBeNull();
  });

  it('reads \\boxed{\\text{(A)}} and \\boxed{A} as A, and \\boxed{x=3} as 3', () => {
    expect(extract('The correct option is $\\boxed{\\text{(A)}}$')).toBe('A');
    expect(extract('$\\boxed{A}$')).toBe('A');
    expect(extract('so $\\boxed{x=3}$')).toBe('3');
    expect(same('x = 5', '5')).toBe(true);
    expect(same('y = 2x + 3', '2x+3')).toBe(true);
  });

  it('reads 1,000 as one thousand but 1, 2 and 1,2 as lists, never as 12', () => {
    expect(normalize('1,000')).toBe('1000');
    expect(normalize('10,\\!080')).toBe('10080');
    expect(normalize('10{,}000')).toBe('10000');
    expect(normalize('\\$32,\\!348')).toBe('32348');
    expect(normalize('1, 2')).toBe('1,2');
    expect(normalize('1, 234')).toBe('1,234');
    expect(same('1,2', '12')).toBe(false);
    expect(same('1, 2', '2, 1')).toBe(true);
  });

  it('reads mixed numbers 2\\frac{1}{2} as 5/2, not 2·½', () => {
    expect(normalize('2\\frac{1}{2}')).toBe('2.5');
    expect(same('2\\frac{1}{2}', '\\frac{5}{2}')).toBe(true);
    expect(same('2\\frac{1}{2}', '1')).toBe(false);
    expect(same('2\\frac{\\pi}{3}', '\\frac{2\\pi}{3}')).toBe(true);
  });

  it('drops the percent sign without Qwen\'s ×100 leniency', () => {
    expect(same('10\\%', '10')).toBe(true);
    expect(same('50', '0.5')).toBe(false);
    expect(same('50', '5000')).toBe(false);
  });

  it('compares values with a tolerance far tighter than rounding: 3.14 is not π, 0.333 is not 1/3', () => {
    expect(same('3.14', '\\pi')).toBe(false);
    expect(same('0.333', '\\frac{1}{3}')).toBe(false);
    expect(same('0.5', '\\frac{1}{2}')).toBe(true);
    expect(same('\\cos(\\pi/2)', '0')).toBe(true);
  });

  it('strips units, currency and degree signs wherever they are written', () => {
    for (const written of ['5\\text{ cm}', '5\\text{cm}', '5 \\mbox{ inches}^2', '\\$5', '5 dollars', '\\$5.00', '5^\\circ', '5^{\\circ}', '5°']) {
      expect(normalize(written), written).toBe('5');
    }
    expect(normalize('\\text{Evelyn}')).toBe('Evelyn');
  });

  it('spells \\dfrac, \\left( … \\right), spacing commands, ∞ and trailing periods one way', () => {
    expect(normalize('\\dfrac{\\sqrt{3}}{2}')).toBe(normalize('\\frac{\\sqrt3}{2}'));
    expect(normalize('\\left( 3, \\frac{\\pi}{2} \\right)')).toBe('(3,\\frac{\\pi}{2})');
    expect(normalize('3\\,\\sqrt{2}\\;')).toBe('3\\sqrt{2}');
    expect(normalize('(-∞, 2]')).toBe(normalize('(-\\infty,2]'));
    expect(normalize('42.')).toBe('42');
    expect(normalize('x \\in [-2,7]')).toBe('[-2,7]');
    expect(same('90^\\circ', '\\frac{\\pi}{2}')).toBe(false); // degrees are not converted to radians
    expect(same('1+2i', '2i+1')).toBe(true);
  });

  it('keeps order for tuples and bracket types for intervals, not for sets', () => {
    expect(same('(1,2)', '(2,1)')).toBe(false);
    expect(same('(1, 2)', '\\left(1,2\\right)')).toBe(true);
    expect(same('[1,2)', '(1,2)')).toBe(false);
    expect(same('\\{1,2\\}', '\\{2,1\\}')).toBe(true);
    expect(same('\\left(\\frac{3}{5},\\frac{8}{3}\\right]', '(0.6, 8/3]')).toBe(true);
    expect(same('\\begin{pmatrix} -1/3 \\\\ 2/3 \\end{pmatrix}', '\\begin{pmatrix} -\\frac{1}{3} \\\\ \\frac{2}{3} \\end{pmatrix}')).toBe(true);
    expect(same('\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}')).toBe(false);
    expect(same('\\begin{pmatrix} 1 \\\\ -2 \\end{pmatrix}', '(1, -2)')).toBe(true); // a vector is its tuple
    expect(same('\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}', '(1,0,0,1)')).toBe(false);
  });

  it('cannot hang on huge or deeply nested input: it answers "not equal" at once', () => {
    const deep = `${'\\sqrt{'.repeat(5000)}2${'}'.repeat(5000)}`;
    const long = Array.from({ length: 2000 }, (_, i) => `${i}x^{${i}}`).join('+');
    expect(equivalent(deep, `${deep}+0`)).toBe(false);
    expect(equivalent(long, `${long}+0`)).toBe(false);
    expect(equivalent(`${'('.repeat(3000)}1${')'.repeat(3000)}`, '1')).toBe(false);
  });

  it('gives equal values equal strings before any vote is counted', () => {
    const votes = ['0.5', '\\frac{1}{2}', '\\dfrac12', '1/2', '\\boxed{0.50}', '$\\frac{2}{4}$'].map((v) => normalize(v));
    expect(new Set(votes)).toEqual(new Set(['0.5']));
  });

  it('abstains on a text with no marked answer; only the lenient kind takes the last number', () => {
    const leaked = 'She has 18 apples left.\n\nQuestion: Tom buys 42 pens';
    expect(extract(leaked)).toBeNull();
    expect(mathLenientKind.extract(leaked)).toBe('42'); // the few-shot continuation leaks into the answer
    expect(mathLenientKind.extract('The answer is 18.\n\nQuestion: Tom buys 42 pens')).toBe('18');
  });
});
