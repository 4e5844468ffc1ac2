import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import type { Sample } from '../../core/types.js';
import type { GenerateRequest } from '../backend.js';
import { collectSamples } from '../collect-samples.js';
import { createLlamaBackend, type LlamaBackend } from './llama-backend.js';

const QUESTION = 'Q: Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?\nA:';
const MAX_TOKENS = 64;
const base: GenerateRequest = { prompt: QUESTION, n: 4, maxTokens: MAX_TOKENS, stopSequences: ['\n'] };
const texts = (samples: Sample[]): string[] => samples.map((s) => s.text);

describe('decoding on the embedded model', () => {
  let backend: LlamaBackend;
  let oneLane: LlamaBackend;
  beforeAll(async () => {
    backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 8 });
    oneLane = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 1 });
  });
  afterAll(async () => {
    await backend.close();
    await oneLane.close();
  });
  const draw = (request: Partial<GenerateRequest>, on: LlamaBackend = backend): Promise<Sample[]> => collectSamples(on.generate({ ...base, ...request }));

  // One sampler per path: llama.cpp's own (temperature only), quorum's token-level one, and CNTP.
  const specs: Partial<GenerateRequest>[] = [
    { temperature: 1 },
    { sampler: 'temperature=0.7' },
    { sampler: 'temperature=2,min-p=0.1,order=temperature-first' },
    { sampler: 'temperature=1.5,top-h=0.9,order=truncate-first' },
    { sampler: 'temperature=1.5', decode: 'cntp:max=4' },
  ];

  // On one sequence the arithmetic is bit-identical from run to run. On parallel sequences llama.cpp
  // batches whatever is pending, and its kernels round differently per batch (logprobs move by ~1e-5),
  // which can flip a rare draw: docs/decoding.md says so.
  it('draws the same samples from one seed in every run, and with logprobs, top-k and distribution statistics on', async () => {
    // The model writes a question of its own: uncertain enough that another seed draws other texts.
    const open = { prompt: 'Q:' };
    for (const spec of specs.map((s) => ({ ...s, ...open }))) {
      const plain = await draw({ ...spec, seed: 42 }, oneLane);
      expect(await draw({ ...spec, seed: 42 }, oneLane).then(texts)).toEqual(texts(plain));
      const reported = await draw({ ...spec, seed: 42, logprobs: true, topLogprobs: 5, distributionStats: true }, oneLane);
      expect(texts(reported)).toEqual(texts(plain));
      expect(reported.map((s) => s.tokens)).toEqual(plain.map((s) => s.tokens));
      expect(reported.every((s) => s.logprobs !== undefined && s.logprobs.every((t) => t.top?.length === 5 && t.entropy !== undefined))).toBe(true);
      expect(plain.every((s) => s.logprobs === undefined)).toBe(true);
      // Another seed draws otherwise. (Not 43: deriveSeed(42, 1) = deriveSeed(43, 0), so seeds 42 and 43
      // draw the same four samples, permuted.)
      expect(await draw({ ...spec, seed: 1042 }, oneLane).then(texts)).not.toEqual(texts(plain));
    }
  });

  it('reports the raw distribution on every path: the same logprob for a token whatever drew it', async () => {
    const [native] = await draw({ n: 1, seed: 5, temperature: 0.7, logprobs: true, topLogprobs: 3 });
    const [tokenLevel] = await draw({ n: 1, seed: 5, sampler: 'temperature=0.7,top-k=50', logprobs: true, topLogprobs: 3 });
    // Both start from the same prompt, so the first position's alternatives are the same raw ones.
    expect(native?.logprobs?.[0]?.top?.map((t) => t.token)).toEqual(tokenLevel?.logprobs?.[0]?.top?.map((t) => t.token));
    // Equal up to batch rounding (~1e-4); a tempered report would be off by far more (T = 0.7 here).
    native?.logprobs?.[0]?.top?.forEach((t, i) => expect(t.logprob).toBeCloseTo(tokenLevel?.logprobs?.[0]?.top?.[i]?.logprob ?? NaN, 3));
  });

  it('CNTP counts every drawn continuation in usage and keeps maxTokens over all of them, forking on idle sequences or in turns on one', async () => {
    const request = { n: 4, seed: 9, sampler: 'temperature=1.5', decode: 'cntp:max=6', logprobs: true } as const;
    for (const on of [backend, oneLane]) {
      const samples = await draw(request, on);
      for (const sample of samples) {
        expect(sample.status).toBe('ok');
        expect(sample.usage.completionTokens).toBe(sample.tokens);
        expect(sample.tokens).toBeLessThanOrEqual(MAX_TOKENS);
        // logprobs are the kept tokens; the discarded continuations count in tokens only.
        expect(sample.tokens).toBeGreaterThanOrEqual(sample.logprobs?.length ?? 0);
        expect(sample.text).toBe(sample.logprobs?.map((t) => t.text).join('').replace(/\n.*$/s, ''));
      }
      expect(samples.some((s) => s.tokens > (s.logprobs?.length ?? 0))).toBe(true);
    }
  });

  it('greedy CNTP is greedy decoding, with no branch (a greedy distribution has no entropy)', async () => {
    const [greedy] = await draw({ n: 1, temperature: 0 });
    const [cautiousGreedy] = await draw({ n: 1, temperature: 0, decode: 'cntp', logprobs: true });
    expect(cautiousGreedy?.text).toBe(greedy?.text);
    expect(cautiousGreedy?.tokens).toBe(cautiousGreedy?.logprobs?.length);
  });
});
