import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import { readGold, requireGold } from './gold.js';
import { getAnswerKind } from './registry.js';

describe('gold answers go through the same extraction as samples', () => {
  it('reads #### 42, \\boxed{42} and "The answer is 42" as 42 under math and math-lenient', () => {
    for (const name of ['math', 'math-lenient', 'number']) {
      const kind = getAnswerKind(name);
      for (const gold of ['#### 42', '\\boxed{42}', 'The answer is 42', 'The answer is 42.', '42']) {
        expect(readGold(kind, gold), `${name}: ${gold}`).toBe('42');
      }
    }
  });

  it('reads bare golds as given answers (math-lenient does not take the last number of \\frac{1}{2})', () => {
    expect(readGold(getAnswerKind('math'), '\\frac{1}{2}')).toBe('0.5');
    expect(readGold(getAnswerKind('math-lenient'), '\\frac{1}{3}')).toBe('\\frac{1}{3}');
    expect(readGold(getAnswerKind('choice'), 'b')).toBe('B');
    expect(readGold(getAnswerKind('choice'), 'The answer is (C).')).toBe('C');
    expect(readGold(getAnswerKind('yes-no'), 'true')).toBe('yes');
    expect(readGold(getAnswerKind('date'), 'October 2, 2021')).toBe('2021-10-02');
    expect(readGold(getAnswerKind('string'), 'The answer is: neh h')).toBe('neh h');
  });

  it('says which question has a gold answer the kind cannot read', () => {
    expect(readGold(getAnswerKind('choice'), '588')).toBeNull();
    expect(() => requireGold(getAnswerKind('yes-no'), 'maybe', 'q7')).toThrow(InvalidInputError);
    expect(() => requireGold(getAnswerKind('yes-no'), 'maybe', 'q7')).toThrow(/question "q7": the gold answer "maybe" cannot be read as a yes-no answer/);
  });
});
