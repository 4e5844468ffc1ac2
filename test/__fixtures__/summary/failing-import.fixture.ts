// A module that throws while it loads: the file fails before any test is collected.
import { expect, it } from 'vitest';

const loads = (): boolean => {
  throw new Error('this file cannot load');
};

if (!loads()) it('is never collected', () => expect(true).toBe(true));
