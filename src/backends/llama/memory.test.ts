import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { collectSamples } from '../collect-samples.js';
import { createLlamaBackend } from './llama-backend.js';

const QUESTION = 'Q: Tom has 12 pens. He buys 3 boxes of 5 pens. How many pens does he have?\nA:';
const MiB = 1024 * 1024;

describe('embedded llama.cpp memory', () => {
  it('does not grow resident memory across 100 consecutive generate calls', async () => {
    const backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 2 });
    try {
      // Alternate the native sampler and the raw-logits path so both are exercised.
      const call = (i: number) =>
        collectSamples(backend.generate({ prompt: QUESTION, n: 2, seed: i, temperature: 1, stopSequences: ['\n'], logprobs: i % 2 === 0, topLogprobs: i % 2 === 0 ? 5 : 0 }));
      for (let i = 0; i < 20; i++) await call(i);
      const afterWarmUp = process.memoryUsage().rss;
      let tokens = 0;
      for (let i = 0; i < 100; i++) tokens += (await call(1000 + i)).reduce((sum, s) => sum + s.tokens, 0);
      const growth = (process.memoryUsage().rss - afterWarmUp) / MiB;
      console.log(`rss after warm-up ${(afterWarmUp / MiB).toFixed(1)} MiB, growth over 100 calls ${growth.toFixed(1)} MiB (${tokens} tokens)`);
      expect(tokens).toBeGreaterThan(100 * 2 * 10);
      // A leaked context per call (measured ≈3 MiB each for this model: KV cache + compute buffers) would add ≈300 MiB.
      expect(growth).toBeLessThan(48);
    } finally {
      await backend.close();
    }
  });
});
