import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors.js';
import { deriveSeed } from '../../core/rng.js';
import type { GeneratedToken } from '../../core/types.js';
import { collectSamples } from '../collect-samples.js';
import { useToyArithServerBehindProxy } from '../../test-support/toy-arith-server.js';
import { createOpenAIBackend } from './openai-backend.js';

const QUESTION = 'Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?';
const PROMPT = `Q: ${QUESTION}\nA:`;

const live = useToyArithServerBehindProxy();

describe('OpenAI backend against a real model server', () => {
  it('gets n samples in one completions request with logprobs, top alternatives and exact usage', async () => {
    const backend = createOpenAIBackend({ baseURL: live.proxy.baseURL, model: 'toy-arith' });
    const before = live.proxy.log.length;
    const samples = await collectSamples(
      backend.generate({ prompt: PROMPT, n: 4, temperature: 1, maxTokens: 96, stopSequences: ['\n'], seed: 11, topLogprobs: 5 }),
    );
    expect(live.proxy.log.length - before).toBe(1);
    expect(live.proxy.log.at(-1)?.body).toMatchObject({ n: 4, logprobs: 5, seed: 11, stop: ['\n'], max_tokens: 96, temperature: 1 });
    expect(backend.nMode).toBe('native');
    expect(backend.capabilities.nativeN).toBe(true);
    expect(samples.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    for (const s of samples) {
      expect(s.status).toBe('ok');
      expect(s.text).toMatch(/The answer is -?\d+\.$/);
      const tokens = s.logprobs as GeneratedToken[];
      expect(tokens.map((t) => t.text).join('')).toBe(s.text);
      expect(s.tokens).toBe(tokens.length);
      expect(s.tokensCountedFrom).toBe('logprobs');
      for (const t of tokens) {
        expect(t.logprob).toBeLessThanOrEqual(0);
        expect(t.top).toHaveLength(5);
        expect(t.top?.[0]?.logprob).toBeGreaterThanOrEqual(t.top?.[4]?.logprob ?? 0);
        // The sampled token is among the alternatives whenever it is likely enough to be in the top 5.
        if ((t.logprob ?? -99) > (t.top?.[4]?.logprob ?? 0)) expect(t.top?.map((a) => a.token)).toContain(t.text);
      }
    }
    // Each sample carries its own completion tokens; the first also the prompt and the one call.
    for (const s of samples) expect(s.usage.completionTokens).toBe(s.tokens);
    expect(samples[0]?.usage.promptTokens).toBeGreaterThan(30);
    expect(samples.slice(1).every((s) => s.usage.promptTokens === 0)).toBe(true);
    expect(samples.reduce((sum, s) => sum + s.usage.calls, 0)).toBe(1);
  });

  it('replays identically with the same seed and differs across samples', async () => {
    const backend = createOpenAIBackend({ baseURL: live.server.baseURL, model: 'toy-arith', nativeN: false });
    const request = { prompt: PROMPT, n: 6, temperature: 1, maxTokens: 96, stop: ['\n'], seed: 5 };
    const first = await collectSamples(backend.generate(request));
    const second = await collectSamples(backend.generate(request));
    expect(second.map((s) => s.text)).toEqual(first.map((s) => s.text));
    expect(first.map((s) => s.seed)).toEqual([0, 1, 2, 3, 4, 5].map((i) => deriveSeed(5, 'sample', i)));
    expect(new Set(first.map((s) => s.text)).size).toBeGreaterThan(1);
    // One request per sample, each with its own usage and the server's own token count.
    for (const s of first) {
      expect(s.usage.calls).toBe(1);
      expect(s.tokens).toBe(s.usage.completionTokens);
      expect(s.tokensCountedFrom).toBeUndefined();
    }
  });

  it('speaks chat completions with per-token logprobs', async () => {
    const backend = createOpenAIBackend({ baseURL: live.proxy.baseURL, model: 'toy-arith' });
    const samples = await collectSamples(
      backend.generate({ prompt: [{ role: 'user', content: QUESTION }], n: 2, temperature: 0, maxTokens: 96, logprobs: true, topLogprobs: 2 }),
    );
    expect(live.proxy.log.at(-1)?.path).toBe('/v1/chat/completions');
    expect(live.proxy.log.at(-1)?.body).toMatchObject({ messages: [{ role: 'user', content: QUESTION }], logprobs: true, top_logprobs: 2, n: 2 });
    // Greedy: both choices are the model's single best answer.
    expect(samples[0]?.text).toBe(samples[1]?.text);
    expect(samples[0]?.text).toMatch(/The answer is \d+\.$/);
    const greedy = samples[0]?.logprobs ?? [];
    expect(greedy.every((t) => t.top?.[0]?.token === t.text)).toBe(true);
  });

  it('streams tokens to onToken with logprobs, and the server usage when it sends it', async () => {
    const backend = createOpenAIBackend({ baseURL: live.proxy.baseURL, model: 'toy-arith' });
    const seen = new Map<number, GeneratedToken[]>();
    const samples = await collectSamples(
      backend.generate({
        prompt: PROMPT,
        n: 3,
        temperature: 1,
        maxTokens: 96,
        stopSequences: ['\n'],
        seed: 3,
        logprobs: true,
        onToken: (index, token) => void seen.set(index, [...(seen.get(index) ?? []), token]),
      }),
    );
    const streamed = live.proxy.log.slice(-3);
    expect(streamed.every((r) => r.body['stream'] === true && r.body['n'] === undefined)).toBe(true);
    expect(streamed[0]?.body['stream_options']).toEqual({ include_usage: true });
    for (const s of samples) {
      expect(s.status).toBe('ok');
      expect(seen.get(s.index)?.map((t) => t.text).join('')).toBe(s.text);
      expect(s.logprobs).toEqual(seen.get(s.index));
      expect(s.tokens).toBe(s.usage.completionTokens);
      expect(s.tokensCountedFrom).toBeUndefined();
      expect(s.usage.promptTokens).toBeGreaterThan(30);
    }
  });

  it("stops one streamed sample when onToken returns 'cancel' and keeps its tokens", async () => {
    const backend = createOpenAIBackend({ baseURL: live.server.baseURL, model: 'toy-arith' });
    const samples = await collectSamples(
      backend.generate({
        prompt: PROMPT,
        n: 2,
        temperature: 1,
        maxTokens: 96,
        stopSequences: ['\n'],
        seed: 4,
        onToken: (index, token) => (index === 1 && token.text === '=' ? 'cancel' : undefined),
      }),
    );
    expect(samples[0]?.status).toBe('ok');
    expect(samples[1]).toMatchObject({ status: 'aborted', finishReason: 'aborted' });
    expect(samples[1]?.text.endsWith('=')).toBe(true);
    expect(samples[1]?.tokens).toBeGreaterThan(0);
    expect(samples[1]?.tokensCountedFrom).toBe('stream');
    expect(samples[1]?.error).toBeUndefined();
  });

  it('rejects malformed requests before sending anything', async () => {
    const backend = createOpenAIBackend({ baseURL: live.proxy.baseURL, model: 'toy-arith' });
    const before = live.proxy.log.length;
    await expect(collectSamples(backend.generate({ prompt: PROMPT, n: 0 }))).rejects.toThrow(/`n` must be a positive integer/);
    await expect(collectSamples(backend.generate({ prompt: PROMPT, n: 1, topLogprobs: 21 }))).rejects.toThrow(InvalidInputError);
    await expect(collectSamples(backend.generate({ prompt: [], n: 1 }))).rejects.toThrow(/non-empty/);
    expect(live.proxy.log.length).toBe(before);
    expect(() => createOpenAIBackend({ model: 'x' })).toThrow(/needs `baseURL`/);
  });
});
