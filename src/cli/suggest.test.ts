import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './suggest.js';

describe('did you mean', () => {
  it('counts edits, a swap of neighbours as one', () => {
    expect(editDistance('temperature', 'temperature')).toBe(0);
    expect(editDistance('temprature', 'temperature')).toBe(1);
    expect(editDistance('tempreature', 'temperature')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it.each([
    ['temprature', 'temperature'],
    ['strategies', 'strategy'],
    ['temp', 'temperature'],
    ['stop-rule', 'stop'],
    ['evl', 'eval'],
    ['serv', 'serve'],
  ])('suggests %s → %s', (typed, expected) => {
    expect(closestName(typed, ['ask', 'eval', 'report', 'serve', 'temperature', 'top-p', 'strategy', 'stop', 'stop-sequence', 'seed'])).toBe(expected);
  });

  it('suggests nothing for a word that is not close to any', () => {
    expect(closestName('bogus', ['ask', 'eval', 'report', 'serve'])).toBeUndefined();
    expect(closestName('xy', ['x', 'y'])).toBe('x');
  });
});
