/**
 * The contract every Backend must keep, as a vitest suite. A backend's test file calls
 * `runBackendConformance({ name, create, prompt })` and declares what it cannot do through the flags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuorumError } from '../core/errors.js';
import type { GeneratedToken, Prompt, Sample } from '../core/types.js';
import { collectSamples } from './collect-samples.js';
import type { Backend, GenerateRequest } from './backend.js';

export interface ConformanceOptions {
  name: string;
  create: () => Promise<Backend>;
  /** A prompt the backend can answer (for a replay backend: a recorded question's prompt). */
  prompt: Prompt;
  stop?: string[];
  /** Tokens per sample in the ordinary checks. Default 48. */
  maxTokens?: number;
  /** Samples per request in the ordinary checks. Default 4. */
  n?: number;
  /** The same seed gives the same samples on a second request (false for backends serving without replacement). Default true. */
  reproducibleSeeds?: boolean;
  /** Samples report prompt tokens (false for recordings that never stored them). Default true. */
  promptTokens?: boolean;
  /** A request can be aborted while its samples are being generated (needs streaming). Default true. */
  abortInFlight?: boolean;
}

const collect = (backend: Backend, request: GenerateRequest): Promise<Sample[]> => collectSamples(backend.generate(request));

async function rejection(backend: Backend, request: GenerateRequest): Promise<unknown> {
  try {
    await collect(backend, request);
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectSortedTop(token: GeneratedToken, k: number): void {
  const top = token.top ?? [];
  expect(top.length).toBeGreaterThan(0);
  expect(top.length).toBeLessThanOrEqual(k);
  for (let i = 1; i < top.length; i++) expect(top[i]?.logprob).toBeLessThanOrEqual(top[i - 1]?.logprob ?? Infinity);
  for (const alternative of top) expect(alternative.logprob).toBeLessThanOrEqual(1e-6);
}

export function runBackendConformance(options: ConformanceOptions): void {
  const n = options.n ?? 4;
  const base = {
    prompt: options.prompt,
    temperature: 1,
    maxTokens: options.maxTokens ?? 48,
    ...(options.stop && { stop: options.stop }),
  };

  describe(`backend conformance: ${options.name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await options.create();
    });
    afterAll(async () => {
      await backend.close?.();
    });

    it('returns n samples with distinct indices 0..n-1 and exact usage', async () => {
      const samples = await collect(backend, { ...base, n, seed: 11 });
      expect(samples.map((s) => s.index)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const sample of samples) {
        expect(sample.status).toBe('ok');
        expect(['stop', 'length']).toContain(sample.finishReason);
        expect(sample.tokens).toBeGreaterThan(0);
        expect(sample.tokens).toBeLessThanOrEqual(base.maxTokens);
        expect(sample.usage.completionTokens).toBe(sample.tokens);
      }
      const total = samples.reduce((sum, s) => ({ prompt: sum.prompt + s.usage.promptTokens, calls: sum.calls + s.usage.calls }), { prompt: 0, calls: 0 });
      if (options.promptTokens !== false) expect(total.prompt).toBeGreaterThan(0);
      expect(total.calls).toBeGreaterThan(0);
    });

    it('honours seeds: a different seed per sample, the same request seed replays', async () => {
      const first = await collect(backend, { ...base, n, seed: 5 });
      expect(new Set(first.map((s) => s.seed)).size).toBe(first.every((s) => s.seed === undefined) ? 1 : n);
      if (options.reproducibleSeeds === false) return;
      const again = await collect(backend, { ...base, n, seed: 5 });
      expect(again.map((s) => s.text)).toEqual(first.map((s) => s.text));
    });

    it('gives logprobs with one entry per token and top alternatives sorted, at most k (or none when it declares none)', async () => {
      if (!backend.capabilities.logprobs) {
        const samples = await collect(backend, { ...base, n: 1, seed: 3, logprobs: true });
        expect(samples[0]?.logprobs).toBeUndefined();
        return;
      }
      const k = Math.min(3, backend.capabilities.topLogprobs);
      const samples = await collect(backend, { ...base, n: 2, seed: 3, logprobs: true, ...(k > 0 && { topLogprobs: k }) });
      for (const sample of samples) {
        expect(sample.logprobs).toHaveLength(sample.tokens);
        for (const token of sample.logprobs ?? []) {
          expect(Number.isFinite(token.logprob)).toBe(true);
          expect(token.logprob).toBeLessThanOrEqual(1e-6);
          if (k > 0) expectSortedTop(token, k);
        }
      }
    });

    it('fills exact entropy and self-certainty when it sees the full distribution, and only then', async () => {
      const [sample] = await collect(backend, { ...base, n: 1, seed: 4, logprobs: true, distributionStats: true });
      if (!backend.capabilities.fullDistribution) {
        expect(sample?.logprobs?.some((t) => t.entropy !== undefined || t.selfCertainty !== undefined) ?? false).toBe(false);
        return;
      }
      expect(sample?.logprobs).toHaveLength(sample?.tokens ?? -1);
      for (const token of sample?.logprobs ?? []) {
        expect(token.entropy).toBeGreaterThanOrEqual(-1e-9);
        expect(token.selfCertainty).toBeGreaterThanOrEqual(-1e-9);
      }
    });

    it('returns every sample as aborted, with no tokens, when the signal is already aborted', async () => {
      const samples = await collect(backend, { ...base, n: 2, seed: 1, signal: AbortSignal.abort() });
      expect(samples.map((s) => [s.status, s.tokens])).toEqual([
        ['aborted', 0],
        ['aborted', 0],
      ]);
    });

    // Registered only where it applies (a replay serves instantly and has nothing in flight to abort).
    if (options.abortInFlight !== false) it('stops promptly when aborted mid-generation and counts no tokens after the abort', async () => {
      expect(backend.capabilities.streaming).toBe(true);
      const controller = new AbortController();
      const seen = new Map<number, number>();
      let seenAtAbort = -1;
      // No stop sequence and a long budget: only the abort can end these samples early.
      const request = { prompt: options.prompt, temperature: 1, maxTokens: 400, n: 2, seed: 9, signal: controller.signal };
      const samples = await collect(backend, {
        ...request,
        onToken: (index) => {
          seen.set(index, (seen.get(index) ?? 0) + 1);
          if (seenAtAbort < 0 && index === 0 && (seen.get(0) ?? 0) >= 3) {
            seenAtAbort = [...seen.values()].reduce((a, b) => a + b, 0);
            controller.abort();
          }
        },
      });
      const seenAtReturn = [...seen.values()].reduce((a, b) => a + b, 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Nothing is reported after generate() returned, and at most one in-flight token per sample after the abort.
      expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(seenAtReturn);
      expect(seenAtReturn).toBeLessThanOrEqual(seenAtAbort + samples.length);
      expect(samples[0]?.status).toBe('aborted');
      expect(samples[0]?.finishReason).toBe('aborted');
      for (const sample of samples) {
        expect(sample.tokens).toBeLessThanOrEqual(seen.get(sample.index) ?? 0);
        expect(sample.usage.completionTokens).toBe(sample.tokens);
        if (sample.status === 'aborted') expect(sample.error).toBeInstanceOf(QuorumError);
      }
    });

    it("cancels one sample when onToken returns 'cancel' and leaves the others running (or never calls onToken without streaming)", async () => {
      const counts = new Map<number, number>();
      const request: GenerateRequest = {
        ...base,
        n: 2,
        seed: 21,
        onToken: (index) => {
          counts.set(index, (counts.get(index) ?? 0) + 1);
          return index === 0 && counts.get(0) === 2 ? 'cancel' : undefined;
        },
      };
      const samples = await collect(backend, request);
      if (!backend.capabilities.streaming) {
        expect(counts.size).toBe(0);
        return;
      }
      expect(samples[0]?.status).toBe('aborted');
      expect(samples[0]?.tokens).toBe(2);
      expect(samples[1]?.status).toBe('ok');
      expect(samples[1]?.tokens).toBe(counts.get(1));
    });

    it('rejects bad requests with a typed InvalidInputError that names the field', async () => {
      for (const [field, bad] of [
        ['n', { n: 0 }],
        ['temperature', { n: 1, temperature: -1 }],
        ['topP', { n: 1, topP: 1.5 }],
      ] as const) {
        const error = await rejection(backend, { ...base, ...bad });
        expect(error).toBeInstanceOf(QuorumError);
        expect((error as Error).name).toBe('InvalidInputError');
        expect((error as Error).message).toContain(field);
      }
    });

    it('can be closed twice', async () => {
      const extra = await options.create();
      await extra.close?.();
      await extra.close?.();
    });
  });
}
