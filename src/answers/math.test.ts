import { describe, expect, it } from 'vitest';
import { mathAnswers, mathKind } from './math.js';

const { extract, normalize, equivalent } = mathKind;
const same = (a: string, b: string): boolean => {
  const [x, y] = [normalize(a), normalize(b)];
  return x !== null && y !== null && equivalent(x, y);
};

describe('math extraction', () => {
  it('prefers the last box, then the last #### line, then the last answer phrase', () => {
    expect(extract('The answer is 3. Actually \\boxed{4}')).toBe('4');
    expect(extract('48/2 = <<48/2=24>>24 clips\n#### 72')).toBe('72');
    expect(extract('#### 5\nThe answer is 6.')).toBe('5');
    expect(extract('So 3 + 4 = 7. The answer is 7.')).toBe('7');
    expect(extract('the answer is 3, wait, no. The answer is $\\frac{1}{2}$.')).toBe('0.5');
  });

  it('reads Minerva\'s and the "Final Answer:" formats', () => {
    expect(extract('Final Answer: The final answer is $\\frac{5}{9}$. I hope it is correct.')).toBe('\\frac{5}{9}');
    expect(extract('**Final Answer:** 12 dollars')).toBe('12');
    expect(extract('The final answer is 3.5.')).toBe('3.5');
    // Prose after a plain number is not part of the answer; math words are.
    expect(extract('The answer is 3 apples.')).toBe('3');
    expect(extract('The answer is 5, not 6.')).toBe('5');
    expect(extract('The answer is $1,250 in total.')).toBe('1250');
    expect(extract('The answer is 12 square units.')).toBe('12');
    expect(extract('The answer is 3 pi.')).not.toBe('3');
    expect(extract('答案是 42')).toBe('42');
  });

  it('abstains (null, never "") when the marked answer is empty or the text marks none', () => {
    expect(extract('')).toBeNull();
    expect(extract('The answer is .')).toBeNull();
    expect(extract('\\boxed{\\text{ }}')).toBeNull();
    expect(extract('I think it is 42')).toBeNull();
    expect(normalize('   ')).toBeNull();
  });

  it('names itself by its fallback, and a factory can choose a name', () => {
    expect(mathKind.name).toBe('math');
    expect(mathAnswers({ lastNumberFallback: true }).name).toBe('math-lenient');
    expect(mathAnswers({ name: 'svamp' }).extract('I think it is 42')).toBeNull();
    expect(mathAnswers({ lastNumberFallback: true }).extract('costs $1,250 in total, minus 5-3')).toBe('3');
    expect(mathAnswers({ lastNumberFallback: true }).extract('costs $1,250 in total')).toBe('1250');
  });
});

describe('math equivalence beyond string equality', () => {
  it('agrees on values written differently', () => {
    expect(same('\\frac{\\sqrt2}{2}', '\\sqrt{2}/2')).toBe(true);
    expect(same('\\sqrt{8}', '2\\sqrt{2}')).toBe(true);
    expect(same('\\frac{1}{\\sqrt{2}}', '\\frac{\\sqrt{2}}{2}')).toBe(true);
    expect(same('\\sqrt[3]{-8}', '-2')).toBe(true);
    expect(same('\\binom{5}{2}', '10')).toBe(true);
    expect(same('\\log_2 8', '3')).toBe(true);
    expect(same('e^{2}', 'e^2')).toBe(true);
    expect(same('3\\sqrt{13}', '\\sqrt{117}')).toBe(true);
    expect(same('4!', '24')).toBe(true);
  });

  it('agrees on expressions equal for every value of their variables, and only those', () => {
    expect(same('x^2+2x+1', '(x+1)^2')).toBe(true);
    expect(same('\\frac{1}{2}x', 'x/2')).toBe(true);
    expect(same('\\sin^2 x + \\cos^2 x', '1')).toBe(false); // different variables: x vs none
    expect(same('x^2+2x+1', '(x+1)^3')).toBe(false);
    expect(same('2x', '2y')).toBe(false);
    expect(same('a_1+a_2', 'a_2+a_1')).toBe(true);
  });

  it('reads an equation that ends in a value as that value, except a locus ending in 0', () => {
    expect(same('xy+yz+zx=6', '6')).toBe(true);
    expect(same('m+n=109+128=237', '237')).toBe(true);
    expect(same('AF^2+BF^2+CF^2=3R^2', '3R^{2}')).toBe(true);
    expect(same('5x-7y+11z+4=0', '0')).toBe(false);
    expect(same('x+y=3', 'x+y=3')).toBe(true);
    expect(same('x+y=3', 'y+x=3')).toBe(true);
    expect(same('x+y=3', 'x-y=3')).toBe(false);
  });

  it('reads inequalities in one variable as intervals and ± as two answers', () => {
    expect(normalize('3 < \\lambda \\leq 4')).toBe('(3,4]');
    expect(normalize('x \\ge 2')).toBe('[2,\\infty)');
    expect(normalize('5 > x')).toBe('(-\\infty,5)');
    expect(same('1\\pm\\sqrt{19}', '1-\\sqrt{19}, 1+\\sqrt{19}')).toBe(true);
    expect(same('1\\pm\\sqrt{19}', '1+\\sqrt{19}')).toBe(false);
  });

  it('reads assignments to tuples and functions, ordinals and base subscripts', () => {
    expect(normalize('(p,q,r)=(6,31,-1)')).toBe('(6,31,-1)');
    expect(normalize('r(x) = -13x+3')).toBe('-13x+3');
    expect(normalize('12^{\\mathrm{th}} grade')).toBe('12');
    expect(normalize('12th')).toBe('12');
    expect(normalize('204_{5}')).toBe(normalize('204_5'));
    expect(normalize('(-2,\\1)')).toBe('(-2,1)'); // a space command's leftover backslash
  });

  it('treats what it cannot read as different, unless the strings match', () => {
    expect(same('\\text{east}', '\\text{west}')).toBe(false);
    expect(same('\\text{east}', 'east')).toBe(true);
    expect(same('\\infty', '\\infty')).toBe(true);
    expect(same('\\infty', '-\\infty')).toBe(false);
    expect(same('1\\pm\\sqrt{5}', '1+\\sqrt{5}')).toBe(false);
  });

  it('is symmetric and gives the same verdict when asked again (cached)', () => {
    const pairs: [string, string][] = [['\\sqrt{8}', '2\\sqrt{2}'], ['(1,2)', '(2,1)'], ['0.333', '\\frac{1}{3}']];
    for (const [a, b] of pairs) {
      const [x, y] = [normalize(a) as string, normalize(b) as string];
      expect(equivalent(x, y)).toBe(equivalent(y, x));
      expect(equivalent(x, y)).toBe(equivalent(x, y));
    }
  });
});
