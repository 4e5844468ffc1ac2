import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { runBackendConformance } from '../conformance.js';
import { collectSamples } from '../collect-samples.js';
import { createLlamaBackend } from './llama-backend.js';

const QUESTION = 'Q: Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?\nA:';

runBackendConformance({
  name: 'embedded llama.cpp (toy-arith)',
  create: () => createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 4 }),
  prompt: QUESTION,
  stop: ['\n'],
});

async function generateFour(sharePrefix: boolean) {
  const backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 4, sharePrefix });
  try {
    const samples = await collectSamples(backend.generate({ prompt: QUESTION, n: 4, temperature: 1, seed: 7, stopSequences: ['\n'], logprobs: true }));
    return { samples, stats: { ...backend.prefixStats } };
  } finally {
    await backend.close();
  }
}

describe('embedded llama.cpp backend', () => {
  it('answers a toy-arith question in its trained format, cutting the stop sequence', async () => {
    const backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 2 });
    try {
      const [greedy] = await collectSamples(backend.generate({ prompt: QUESTION, n: 1, temperature: 0, stopSequences: ['\n'] }));
      expect(greedy?.text).toBe(' 4*7=28. 23+28=51. 51-18=33. The answer is 33.');
      expect(greedy?.finishReason).toBe('stop');
      expect(backend.hasChatTemplate).toBe(false);
      expect(backend.id).toBe('llama:toy-arith.gguf');
    } finally {
      await backend.close();
    }
  });

  it('gives the same samples, logprobs and usage with prefix sharing on and off, and only sharing forks the KV cache', async () => {
    const shared = await generateFour(true);
    const separate = await generateFour(false);
    expect(shared.samples.map((s) => s.text)).toEqual(separate.samples.map((s) => s.text));
    const promptLength = separate.samples[0]?.usage.promptTokens ?? 0;
    expect(separate.samples.every((s) => s.usage.promptTokens === promptLength)).toBe(true);
    expect(separate.stats).toMatchObject({ copied: 0, evaluated: 4 * (promptLength - 1) });
    // One sample evaluates the prompt; the other three fork it and evaluate only the last prompt token.
    expect(shared.stats).toMatchObject({ copied: 3, evaluated: promptLength - 1, copyFailures: 0 });
    expect(shared.samples.map((s) => s.usage.promptTokens).toSorted((a, b) => a - b)).toEqual([1, 1, 1, promptLength]);
    for (const [i, sample] of shared.samples.entries()) {
      const other = separate.samples[i]?.logprobs ?? [];
      // Forked and freshly evaluated KV caches agree up to the rounding of batched float32 kernels
      // (differences up to ~1e-4 measured, depending on which sequences shared a batch).
      sample.logprobs?.forEach((token, j) => expect(token.logprob).toBeCloseTo(other[j]?.logprob ?? NaN, 3));
    }
  });

  it('reports raw (untempered) logprobs: a low temperature changes the samples, not the probabilities', async () => {
    const backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 1 });
    try {
      const [greedy] = await collectSamples(backend.generate({ prompt: QUESTION, n: 1, temperature: 0, stopSequences: ['\n'], logprobs: true, topLogprobs: 2 }));
      const [cold] = await collectSamples(backend.generate({ prompt: QUESTION, n: 1, temperature: 0.05, seed: 1, stopSequences: ['\n'], logprobs: true }));
      expect(cold?.text).toBe(greedy?.text);
      greedy?.logprobs?.forEach((token, j) => {
        expect(cold?.logprobs?.[j]?.logprob).toBeCloseTo(token.logprob ?? NaN, 6);
        // Greedy takes the top alternative, so the sampled token's logprob is the first top entry.
        expect(token.top?.[0]?.logprob).toBeCloseTo(token.logprob ?? NaN, 9);
      });
    } finally {
      await backend.close();
    }
  });

  it('formats chat prompts with the model template and rejects prompts longer than the context', async () => {
    const backend = await createLlamaBackend({ model: MODELS.stories, threads: 1, parallel: 1, contextSize: 64 });
    try {
      const [sample] = await collectSamples(
        backend.generate({ prompt: [{ role: 'user', content: 'Tell me a story.' }], n: 1, maxTokens: 8, seed: 1 }),
      );
      expect(sample?.status).toBe('ok');
      expect(sample?.usage.promptTokens).toBeGreaterThan(5);
      // llama.cpp rounds the context up, so build the too-long prompt from the size it really has.
      const tooLong = 'Once upon a time '.repeat(backend.contextSize);
      await expect(collectSamples(backend.generate({ prompt: tooLong, n: 1 }))).rejects.toThrow(
        new RegExp(`prompt has \\d+ tokens but each sequence holds ${backend.contextSize}`),
      );
    } finally {
      await backend.close();
    }
  });

  it('fails to load with a ModelLoadError that names the file', async () => {
    await expect(createLlamaBackend({ model: '/nonexistent/model.gguf', threads: 1 })).rejects.toMatchObject({
      name: 'ModelLoadError',
      message: expect.stringContaining('/nonexistent/model.gguf'),
    });
  });
});
