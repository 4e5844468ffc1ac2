/** solve() against a real backend: the replay backend serving recorded BoInf samples. */
import { describe, expect, it } from 'vitest';
import { loadSamplePool } from '../recordings/load-sample-pool.js';
import { createReplayBackend } from '../backends/replay/replay-backend.js';
import { betaRule } from '../stopping/beta.js';
import { escRule } from '../stopping/esc.js';
import { majority } from '../strategies/majority.js';
import { sharedPath } from '../../test/shared.js';
import { solve } from './solve.js';

const file = sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl');

describe('solve on recorded samples', () => {
  it('stops early on an easy question and spends only the served samples’ tokens', async () => {
    const pool = await loadSamplePool(file);
    const question = pool.questions[0];
    if (question === undefined) throw new Error('empty pool');
    const backend = createReplayBackend(pool.questions, { seed: 3 });
    const result = await solve({
      backend,
      prompt: question.id,
      answerKind: question.answerKind,
      strategy: majority(),
      maxSamples: question.samples.length,
      stopRule: betaRule(),
      concurrency: 1,
      seed: 3,
    });
    expect(result.answer).toBe(question.gold);
    expect(result.samples.length).toBeLessThan(question.samples.length);
    expect(result.stop?.rule).toBe('beta(0.95)');
    expect(backend.remaining(question.id)).toBe(question.samples.length - result.samples.length);
    expect(result.usage.completionTokens).toBe(result.samples.reduce((sum, s) => sum + s.tokens, 0));
    expect(result.usage.completionTokens).toBeGreaterThan(0);
  });

  it('runs every question of a file with ESC and matches the majority of all samples on most', async () => {
    const pool = await loadSamplePool(file);
    const backend = createReplayBackend(pool.questions, { seed: 1 });
    let agree = 0;
    let drawn = 0;
    for (const q of pool.questions) {
      const result = await solve({
        backend, prompt: q.id, answerKind: q.answerKind, strategy: majority(), maxSamples: 40, stopRule: escRule(), concurrency: 4, seed: 1,
      });
      const all = await majority().aggregate(q.samples, { answerKind: q.answerKind, seed: 1 });
      if (result.answer === all.answer) agree++;
      drawn += result.samples.length;
    }
    expect(agree).toBeGreaterThanOrEqual(pool.questions.length - 3);
    expect(drawn).toBeLessThan(40 * pool.questions.length * 0.6);
  });
});
