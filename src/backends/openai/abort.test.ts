import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { AbortError, TimeoutError } from '../../core/errors.js';
import { collectSamples } from '../collect-samples.js';
import { startFaultProxy, type FaultProxy } from '../../test-support/fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../../test-support/llama-openai-server.js';
import { createOpenAIBackend } from './openai-backend.js';

const request = { prompt: 'Q: Ben has 9 coins. He finds 4 bags of 6 coins. How many coins does he have?\nA:', n: 3, temperature: 1, maxTokens: 96, stop: ['\n'], seed: 8 };

// A real model slowed to ~15 ms per token, so there is time to act mid-generation.
let server: LlamaOpenAIServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, tokenDelayMs: 15 });
  proxy = await startFaultProxy({ upstream: server.baseURL });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
};

describe('abort', () => {
  it('returns promptly with every sample aborted, tokens so far counted, connections closed', async () => {
    const backend = createOpenAIBackend({ baseURL: proxy.baseURL, model: 'toy-arith' });
    // Baseline in the same run: the same request left to finish.
    const [, fullMs] = await timed(() => collectSamples(backend.generate({ ...request, onToken: () => undefined })));

    const controller = new AbortController();
    let abortedAt = 0;
    const samples = await collectSamples(
      backend.generate({
        ...request,
        signal: controller.signal,
        onToken: (index) => {
          if (index === 0 && abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      }),
    );
    const afterAbortMs = performance.now() - abortedAt;
    expect(samples.map((s) => s.status)).toEqual(['aborted', 'aborted', 'aborted']);
    expect(samples.every((s) => s.finishReason === 'aborted' && s.error instanceof AbortError)).toBe(true);
    expect(samples[0]?.tokens).toBeGreaterThanOrEqual(1);
    expect(afterAbortMs).toBeLessThan(fullMs / 4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy.inFlight).toBe(0);
  });

  it('aborts plain (non-streamed) requests too, and sends nothing when aborted before the call', async () => {
    const backend = createOpenAIBackend({ baseURL: proxy.baseURL, model: 'toy-arith' });
    const samples = await collectSamples(backend.generate({ ...request, signal: AbortSignal.timeout(100) }));
    expect(samples.map((s) => s.status)).toEqual(['aborted', 'aborted', 'aborted']);

    const before = proxy.log.length;
    const early = await collectSamples(backend.generate({ ...request, signal: AbortSignal.abort() }));
    expect(early.map((s) => s.status)).toEqual(['aborted', 'aborted', 'aborted']);
    expect(proxy.log.length).toBe(before);
  });

  it('cancelling one sample closes only its connection; the others finish', async () => {
    const backend = createOpenAIBackend({ baseURL: proxy.baseURL, model: 'toy-arith' });
    const samples = await collectSamples(backend.generate({ ...request, onToken: (index) => (index === 2 ? 'cancel' : undefined) }));
    expect(samples.map((s) => s.status)).toEqual(['ok', 'ok', 'aborted']);
    expect(samples[2]?.tokens).toBe(1);
    expect(samples[0]?.text).toMatch(/The answer is/);
  });

  it('close() ends the calls in flight with aborted samples', async () => {
    const backend = createOpenAIBackend({ baseURL: proxy.baseURL, model: 'toy-arith' });
    const samples = await collectSamples(backend.generate({ ...request, onToken: () => void backend.close?.() }));
    expect(samples.map((s) => s.status)).toEqual(['aborted', 'aborted', 'aborted']);
  });

  it('a stream that outlives timeoutMs keeps its tokens and reports a TimeoutError', async () => {
    // ~36 tokens at ≥ 15 ms each cannot finish in 400 ms, and the first tokens come well before.
    const backend = createOpenAIBackend({ baseURL: proxy.baseURL, model: 'toy-arith', timeoutMs: 400 });
    const [sample] = await collectSamples(backend.generate({ ...request, n: 1, onToken: () => undefined }));
    expect(sample?.status).toBe('error');
    expect(sample?.error).toBeInstanceOf(TimeoutError);
    expect(sample?.tokens).toBeGreaterThan(0);
    expect(sample?.text.length).toBeGreaterThan(0);
  });
});
