import { describe, expect, it } from 'vitest';
import { bracesBalanced, readBraced } from './braced.js';
import { lastBoxed } from './boxed.js';

describe('lastBoxed', () => {
  it('takes the last box, not an intermediate one', () => {
    expect(lastBoxed('so $\\boxed{3}$, then doubling: $\\boxed{6}$.')).toEqual({ kind: 'found', content: '6' });
  });

  it('keeps nested braces whole', () => {
    expect(lastBoxed('\\boxed{\\frac{\\sqrt{2}}{2}}')).toEqual({ kind: 'found', content: '\\frac{\\sqrt{2}}{2}' });
    expect(lastBoxed('\\boxed{\\{1,2\\}}')).toEqual({ kind: 'found', content: '\\{1,2\\}' });
  });

  it('reads \\fbox and the brace-less \\boxed 5 form', () => {
    expect(lastBoxed('\\fbox{7}')).toEqual({ kind: 'found', content: '7' });
    expect(lastBoxed('so $\\boxed 5$ is it')).toEqual({ kind: 'found', content: '5' });
  });

  it('reports an unclosed last box as broken instead of cutting it short', () => {
    expect(lastBoxed('first \\boxed{1} then \\boxed{\\frac{1}{2}')).toEqual({ kind: 'broken' });
  });

  it('skips the empty box of an echoed instruction and ignores look-alike commands', () => {
    expect(lastBoxed('answer: \\boxed{4}. Put your final answer within \\boxed{}.')).toEqual({ kind: 'found', content: '4' });
    expect(lastBoxed('\\boxedstuff{4}')).toEqual({ kind: 'none' });
    expect(lastBoxed('no box here')).toEqual({ kind: 'none' });
  });
});

describe('braces', () => {
  it('matches by depth and ignores escaped braces', () => {
    expect(readBraced('x{a{b}c}d', 1)).toEqual({ content: 'a{b}c', end: 8 });
    expect(readBraced('{\\}}', 0)).toEqual({ content: '\\}', end: 4 });
    expect(readBraced('{a{b}', 0)).toBeNull();
    expect(bracesBalanced('{a}{b{c}}')).toBe(true);
    expect(bracesBalanced('}{')).toBe(false);
  });
});
