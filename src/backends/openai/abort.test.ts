import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { AbortError, TimeoutError } from '../../core/errors.js';
import { collectSamples } from '../collect-samples.js';
import { deferred, untilAborted } from '../../test-support/deferred.js';
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

describe('abort', () => {
  it('returns while the server still holds the streams, with every sample aborted, tokens so far counted, connections closed', async () => {
    // Every stream stalls after its first event and is released only after generate() has returned:
    // if the abort did not end the calls, they would wait for the release and the test would time out.
    const held = deferred();
    const stalling = await startFaultProxy({ upstream: server.baseURL, plan: () => ({ kind: 'hold-stream', afterEvents: 1, until: held.promise }) });
    try {
      const backend = createOpenAIBackend({ baseURL: stalling.baseURL, model: 'toy-arith', nativeN: false });
      const controller = new AbortController();
      const samples = await collectSamples(backend.generate({ ...request, signal: controller.signal, onToken: () => controller.abort() }));
      held.resolve();
      expect(samples.map((s) => s.status)).toEqual(['aborted', 'aborted', 'aborted']);
      expect(samples.every((s) => s.finishReason === 'aborted' && s.error instanceof AbortError)).toBe(true);
      // The one event each stream got before stalling is kept: at least the token that triggered the abort.
      const tokens = samples.reduce((sum, s) => sum + s.tokens, 0);
      expect(tokens).toBeGreaterThanOrEqual(1);
      expect(tokens).toBeLessThanOrEqual(3);
      await vi.waitFor(() => expect(stalling.inFlight).toBe(0));
    } finally {
      await stalling.close();
    }
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
    // The stream stalls after 3 events; the injected clock lets the attempt's 400 ms pass right then.
    const stalled = deferred();
    const stalling = await startFaultProxy({ upstream: server.baseURL, plan: () => ({ kind: 'hold-stream', afterEvents: 3, onHold: stalled.resolve }) });
    try {
      const sleep = (ms: number, signal: AbortSignal): Promise<void> => (ms === 400 ? Promise.race([stalled.promise, untilAborted(signal)]) : Promise.resolve());
      const backend = createOpenAIBackend({ baseURL: stalling.baseURL, model: 'toy-arith', timeoutMs: 400, maxRetries: 0, sleep });
      const [sample] = await collectSamples(backend.generate({ ...request, n: 1, onToken: () => undefined }));
      expect(sample?.status).toBe('error');
      expect(sample?.error).toBeInstanceOf(TimeoutError);
      expect(sample?.error?.message).toMatch(/\/v1\/completions did not finish the stream within the timeout; the text so far is kept/);
      expect(sample?.tokens).toBeGreaterThan(0);
      expect(sample?.text.length).toBeGreaterThan(0);
    } finally {
      await stalling.close();
    }
  });
});
