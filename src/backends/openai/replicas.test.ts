import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { collectSamples } from '../collect-samples.js';
import { deferred } from '../../test-support/deferred.js';
import { startFaultProxy } from '../../test-support/fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../../test-support/llama-openai-server.js';
import { createOpenAIBackend } from './openai-backend.js';

const request = { prompt: 'Q: Eve has 40 cards. She loses 12. How many cards does she have?\nA:', temperature: 1, maxTokens: 96, stop: ['\n'], seed: 2 };

let server: LlamaOpenAIServer;
beforeAll(async () => {
  server = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1 });
});
afterAll(async () => {
  await server.close();
});

describe('replicas', () => {
  it('sends the requests to the replica that is free while the other is busy (least outstanding requests)', async () => {
    // The slow replica holds its request until the fast one has served every other: with 2 in flight,
    // one slot waits on the slow replica and the other keeps going to the fast one.
    const fastServedTheRest = deferred();
    const slow = await startFaultProxy({ upstream: server.baseURL, plan: () => ({ kind: 'hold', until: fastServedTheRest.promise }) });
    const fast = await startFaultProxy({ upstream: server.baseURL, plan: (r) => void (r.index === 10 && fastServedTheRest.resolve()) });
    try {
      const backend = createOpenAIBackend({ baseURLs: [slow.baseURL, fast.baseURL], model: 'toy-arith', concurrency: 2, nativeN: false });
      const samples = await collectSamples(backend.generate({ ...request, n: 12 }));
      expect(samples.every((s) => s.status === 'ok')).toBe(true);
      expect(slow.log).toHaveLength(1);
      expect(fast.log).toHaveLength(11);
    } finally {
      await slow.close();
      await fast.close();
    }
  });

  it('moves to the other replica when one is down, leaves it out, and takes it back after the cool-down', async () => {
    let now = 0;
    const first = await startFaultProxy({ upstream: server.baseURL });
    const second = await startFaultProxy({ upstream: server.baseURL });
    const backend = createOpenAIBackend({
      baseURLs: [first.baseURL, second.baseURL],
      model: 'toy-arith',
      nativeN: false,
      retryBaseDelayMs: 5,
      replicaCoolDownMs: 30_000,
      now: () => now,
    });
    try {
      await first.close(); // connection refused from now on
      const samples = await collectSamples(backend.generate({ ...request, n: 4 }));
      expect(samples.every((s) => s.status === 'ok')).toBe(true);
      expect(second.log).toHaveLength(4);
      const [down, up] = backend.replicas;
      expect(down?.downUntil).toBe(30_000);
      // Requests sent before the first refusal came back were retried on the other replica.
      const tried = down?.assigned ?? 0;
      expect(tried).toBeGreaterThan(0);

      await collectSamples(backend.generate({ ...request, n: 3 }));
      expect(down?.assigned).toBe(tried); // still cooling down: not tried
      expect(second.log).toHaveLength(7);

      const revived = await startFaultProxy({ upstream: server.baseURL, port: first.port });
      try {
        now = 30_000;
        await collectSamples(backend.generate({ ...request, n: 4 }));
        expect(revived.log.length).toBeGreaterThan(0);
        expect(down?.downUntil).toBe(0);
        expect(up?.outstanding).toBe(0);
      } finally {
        await revived.close();
      }
    } finally {
      await second.close();
    }
  });
});
