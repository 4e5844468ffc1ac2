import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import { readGold } from './gold.js';
import { parseRegexSpec, regexAnswers } from './regex.js';
import { getAnswerKind } from './registry.js';

describe('regex answers', () => {
  it('takes the first group of the last match, or the whole match without a group', () => {
    const kind = regexAnswers('Final: (\\w+)');
    expect(kind.extract('Final: draft\nFinal: ABC')).toBe('ABC');
    expect(regexAnswers('[A-D]\\b').extract('maybe B, no: C')).toBe('C');
    expect(kind.extract('nothing here')).toBeNull();
  });

  it('compares exactly, or folded with fold', () => {
    expect(parseRegexSpec('regex:Final: (.+)').equivalent('ABC', 'abc')).toBe(false);
    const folded = parseRegexSpec('regex:Final: (.+),fold');
    expect(folded.extract('Final: N E H H')).toBe('n e h h');
    expect(folded.equivalent('n e h h', 'nehh')).toBe(true);
  });

  it('keeps commas inside the pattern; only a final ,fold is an option', () => {
    const kind = parseRegexSpec('regex:\\b(\\d{1,3})\\b');
    expect(kind.name).toBe('regex:\\b(\\d{1,3})\\b');
    expect(kind.extract('7 then 1234 then 56')).toBe('56');
  });

  it('reads golds like samples: a bare gold as given, a marked one by the pattern', () => {
    const kind = getAnswerKind('regex:Answer: (\\d+)');
    expect(readGold(kind, '42')).toBe('42');
    expect(readGold(kind, 'Answer: 42')).toBe('42');
  });

  it('reads pre-extracted answers through the pattern too (GPQA forms such as `B.**`), else as written', () => {
    const kind = parseRegexSpec('regex:^[^A-D]*([A-D])');
    expect(['B.**', 'D)', 'ThefinalanswerisA', '[invalidanswer]'].map((a) => kind.normalize(a))).toEqual(['B', 'D', 'A', '[invalidanswer]']);
  });

  it('refuses a broken pattern, an empty one, and one that matches nothing at all', () => {
    expect(() => parseRegexSpec('regex:(')).toThrow(InvalidInputError);
    expect(() => parseRegexSpec('regex:')).toThrow(/has no pattern/);
    expect(() => parseRegexSpec('regex:x*')).toThrow(/matches the empty text/);
  });
});
