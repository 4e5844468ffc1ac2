import { describe, expect, it } from 'vitest';
import { firstStep, prefixBefore, splitSteps } from './steps.js';

describe('steps', () => {
  it('splits a toy-arith solution into its equations and the answer sentence, without dots', () => {
    const text = ' 2*12=24. 38-24=14. 14*3=32. The answer is 32.';
    const steps = splitSteps(text);
    expect(steps.map((s) => s.text)).toEqual(['2*12=24', '38-24=14', '14*3=32', 'The answer is 32']);
    expect(prefixBefore(text, steps[0]!)).toBe('');
    expect(prefixBefore(text, steps[2]!)).toBe(' 2*12=24. 38-24=14.');
    expect(text.slice(steps[3]!.start, steps[3]!.end)).toBe('The answer is 32.');
  });

  it('keeps decimals inside a step and splits at newlines', () => {
    expect(splitSteps('x = 3.5 so y = 2. Then z is 4').map((s) => s.text)).toEqual(['x = 3.5 so y = 2', 'Then z is 4']);
    expect(splitSteps('First, 3+4=7.\nNext 7*2=14.\n\nThe answer is 14.').map((s) => s.text)).toEqual(['First, 3+4=7', 'Next 7*2=14', 'The answer is 14']);
  });

  it('reads no step from empty or dot-only output', () => {
    expect(firstStep('')).toBeNull();
    expect(firstStep('  .  ')).toBeNull();
    expect(firstStep(' 14*3=42')).toBe('14*3=42');
    expect(firstStep(' 14*3=42. The answer is 42.')).toBe('14*3=42');
  });
});
