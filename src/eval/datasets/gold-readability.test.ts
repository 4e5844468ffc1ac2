/** Every shared benchmark's gold answers are readable by its loader's kind and graded right when a sample states them. */
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../../../test/shared.js';
import { goldReadability } from './gold-readability.js';
import { datasetNames, getBenchmark } from './registry.js';

const shared = datasetNames().filter((name) => getBenchmark(name).file[0] === 'data');

describe('benchmark gold answers (the table in docs/answers.md)', () => {
  it('covers the nine shared benchmark files', () => {
    expect(shared).toEqual(['gsm8k', 'math500', 'aime2024', 'aime2025', 'svamp', 'aqua', 'strategyqa', 'commonsenseqa', 'truthfulqa']);
  });

  it.each(shared)('%s: 100 %% readable, boxed and phrased golds graded right, worked solutions too', (name) => {
    const r = goldReadability(getBenchmark(name), SHARED_DIR);
    expect(r.failures).toEqual([]);
    expect([r.readable, r.boxedRight, r.phraseRight]).toEqual([r.golds, r.golds, r.golds]);
    if (name === 'math500' || name === 'gsm8k') expect(r.solutionsRight).toBe(r.golds);
  });
});
