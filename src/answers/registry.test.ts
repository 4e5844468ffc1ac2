import { describe, expect, it } from 'vitest';
import { UnknownNameError } from '../core/errors.js';
import { answerKindNames, getAnswerKind } from './registry.js';

describe('answer kind registry', () => {
  it('has every kind the datasets name, each under its own name', () => {
    expect(answerKindNames()).toEqual(['exact', 'math', 'math-lenient', 'number', 'date', 'date-dmy', 'string', 'choice', 'yes-no', 'text', 'game24']);
    for (const name of answerKindNames()) expect(getAnswerKind(name).name).toBe(name);
  });

  it('names the known kinds when asked for an unknown one', () => {
    expect(() => getAnswerKind('maths')).toThrow(UnknownNameError);
    expect(() => getAnswerKind('maths')).toThrow(/choose one of: exact, math, math-lenient, .*regex:<pattern>\[,fold\]/);
  });

  it('never returns "" for a text with no answer: every kind abstains with null', () => {
    for (const name of answerKindNames()) {
      const kind = getAnswerKind(name);
      expect(kind.extract('   '), name).toBeNull();
      expect(kind.normalize(''), name).toBeNull();
    }
  });
});
