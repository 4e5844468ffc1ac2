import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { yesNoAnswers } from './yes-no.js';

const { extract, normalize } = yesNoAnswers;

describe('yes-no answers', () => {
  it('reads yes/no/true/false from boxes, phrases and a leading word, canonical yes or no', () => {
    expect(extract('Frost is common in May. The answer is yes.')).toBe('yes');
    expect(extract('So the answer is: **No**')).toBe('no');
    expect(extract('\\boxed{\\text{True}}')).toBe('yes');
    expect(extract('No, because hydrogen has atomic number 1.')).toBe('no');
    expect(normalize('FALSE')).toBe('no');
  });

  it('abstains on anything else', () => {
    expect(extract('It depends on the weather.')).toBeNull();
    expect(extract('The answer is maybe.')).toBeNull();
    expect(extract('Yesterday it rained.')).toBeNull();
    expect(normalize('')).toBeNull();
  });

  it('reads the gold verdict from every StrategyQA explanation', () => {
    const lines = readFileSync(sharedPath('data', 'benchmarks', 'strategyqa.test.jsonl'), 'utf8').trim().split('\n');
    const misses = lines
      .map((line) => JSON.parse(line) as { id: number; answer: boolean; explanation: string })
      .filter((item) => extract(item.explanation) !== (item.answer ? 'yes' : 'no'))
      .map((item) => item.id);
    expect(lines).toHaveLength(2290);
    expect(misses).toEqual([]);
  });
});
