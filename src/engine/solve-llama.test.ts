/** solve() against the embedded toy-arith model: real streaming, real cancels, real token counts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaBackend, type LlamaBackend } from '../backends/llama/llama-backend.js';
import { toyArithAnswers } from '../answers/toy-arith.js';
import { deepConfRule } from '../stopping/deepconf-online.js';
import { escRule } from '../stopping/esc.js';
import { keepGoing, type StopRule } from '../stopping/stop-rule.js';
import { majority } from '../strategies/majority.js';
import { parseStrategySpec } from '../strategies/strategy-spec.js';
import { MODELS } from '../../test/shared.js';
import type { SolveEvent } from './events.js';
import { solve, type SolveOptions } from './solve.js';

const prompt = 'Q: Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?\nA:';
let backend: LlamaBackend;

beforeAll(async () => {
  backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, contextSize: 256, parallel: 4 });
});
afterAll(async () => backend.close());

const options = (extra: Partial<SolveOptions>): SolveOptions => ({
  backend,
  prompt,
  answerKind: toyArithAnswers,
  strategy: majority(),
  maxSamples: 12,
  concurrency: 4,
  sampling: { temperature: 0.8, maxTokens: 96, stopSequences: ['\n'] },
  seed: 5,
  ...extra,
});

describe('solve with the embedded model', () => {
  it('stops by ESC, cancels what is running, and counts every generated token', async () => {
    const events: SolveEvent[] = [];
    const result = await solve(options({ stopRule: escRule({ window: 3 }), onEvent: (e) => events.push(e) }));
    const ok = result.samples.filter((s) => s.status === 'ok');
    expect(result.samples.length).toBeLessThanOrEqual(12);
    expect(result.usage.completionTokens).toBe(result.samples.reduce((sum, s) => sum + s.tokens, 0));
    expect(ok.every((s) => s.tokens >= 10 && s.answer !== undefined)).toBe(true);
    expect(events.filter((e) => e.type === 'stop')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('decision');
    if (result.stop?.rule === 'esc(3)') {
      // Stopped by the rule: whatever was still running came back cancelled, with its partial tokens.
      const aborted = result.samples.filter((s) => s.status === 'aborted');
      expect(aborted.every((s) => s.tokens < 96)).toBe(true);
      expect(result.samples.length).toBeGreaterThanOrEqual(3);
    } else {
      expect(result.stop?.reason).toBe('budget: 12 samples');
    }
  });

  it('streams top logprobs to the DeepConf online watcher, which cancels low-confidence traces mid-generation', async () => {
    // 'low' keeps the warm-up traces above their 90th percentile, so its consensus test would stop right
    // after warm-up; the check is silenced here so every later trace meets the watcher.
    const deepconf = deepConfRule({ warmup: 4, window: 8, variant: 'low', consensus: 0.99 });
    const rule: StopRule = {
      ...deepconf,
      begin() {
        const session = deepconf.begin();
        return { ...session, check: (state) => (session.check(state), keepGoing) };
      },
    };
    const result = await solve(options({ stopRule: rule, maxSamples: 16 }));
    expect(result.stop?.reason).toBe('budget: 16 samples');
    const warm = result.samples.filter((s) => s.index < 4);
    expect(warm.every((s) => s.status === 'ok' && (s.logprobs?.[0]?.top?.length ?? 0) > 0)).toBe(true);
    // The watcher needs a full window of 8 tokens before it can cut.
    const cut = result.samples.filter((s) => s.status === 'aborted');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((s) => s.index >= 4 && s.tokens >= 8 && s.tokens < 96)).toBe(true);
    expect(result.usage.completionTokens).toBe(result.samples.reduce((sum, s) => sum + s.tokens, 0));
  });

  it('passes distributionStats through, so the exact self-certainty signal can pick a sample', async () => {
    const result = await solve(options({ strategy: parseStrategySpec('best-of-n:signal=self-certainty-exact'), maxSamples: 4, distributionStats: true }));
    expect(result.abstained).toBe(false);
    for (const sample of result.samples) {
      expect(sample.logprobs).toHaveLength(sample.tokens);
      expect(sample.logprobs?.every((t) => (t.selfCertainty ?? -1) >= 0 && (t.entropy ?? -1) >= 0)).toBe(true);
    }
  });
});
