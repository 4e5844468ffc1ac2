/**
 * What a client of `quorum serve` sees when things go wrong upstream or on its own side, and that
 * nothing is left running upstream afterwards: upstream 429/500, hangs past the request timeout,
 * streams cut mid-way, a client that disconnects mid-stream, a full generation queue.
 */
import OpenAI, { APIError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../test/shared.js';
import { startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from '../test-support/fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../test-support/llama-openai-server.js';
import { chatCompletion, errorBody, expectShape, readEventStream } from '../test-support/openai-wire.js';
import { REQUEST_TIMEOUT_MS, startTestServe, type TestServe } from '../test-support/serve-harness.js';
import type { ServeAppOptions } from './app.js';
import { createHttpUpstream } from './upstream.js';
import { devQuestionText } from '../test-support/toy-arith-dev.js';

const QUESTION = devQuestionText(0);
const chat = (quorum: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ model: 'toy-arith', messages: [{ role: 'user', content: QUESTION }], seed: 3, quorum, ...extra });

let upstream: LlamaOpenAIServer;
let slowUpstream: LlamaOpenAIServer;
let proxy: FaultProxy;
let slowProxy: FaultProxy;
let plan: ((request: ProxiedRequest) => Fault | undefined) | undefined;
const serves: TestServe[] = [];

beforeAll(async () => {
  upstream = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, modelName: 'toy-arith' });
  // Slow enough that a generation is still running when the test acts (about 30 ms a token).
  slowUpstream = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, modelName: 'toy-arith', tokenDelayMs: 30 });
  proxy = await startFaultProxy({ upstream: upstream.baseURL, plan: (request) => plan?.(request) });
  slowProxy = await startFaultProxy({ upstream: slowUpstream.baseURL });
});
afterEach(async () => {
  plan = undefined;
  await Promise.all(serves.splice(0).map((s) => s.close()));
  // Nothing may be left running upstream after any test.
  await Promise.all([proxy.idle(), slowProxy.idle(), upstream.idle(), slowUpstream.idle()]);
  expect([proxy.inFlight, slowProxy.inFlight, upstream.generating, slowUpstream.generating]).toEqual([0, 0, 0, 0]);
});
afterAll(async () => {
  await Promise.all([proxy.close(), slowProxy.close()]);
  await Promise.all([upstream.close(), slowUpstream.close()]);
});

async function serveOver(target: FaultProxy, overrides: Partial<ServeAppOptions> = {}): Promise<TestServe> {
  // No upstream retries: each injected fault is seen once (retries have their own tests in backends/openai).
  const serve = await startTestServe(createHttpUpstream({ baseURLs: [target.baseURL], concurrency: 8, maxRetries: 0 }), overrides);
  serves.push(serve);
  return serve;
}

const errorOf = async (response: Response): Promise<{ status: number; message: string; code: string | null }> => {
  const body = expectShape(errorBody, await response.json());
  return { status: response.status, message: body.error.message, code: body.error.code };
};

describe('upstream failures', () => {
  it('every sample failing with HTTP 500 is a 502 with the upstream message (streaming or not)', async () => {
    const serve = await serveOver(proxy);
    plan = () => ({ kind: 'status', status: 500, body: { error: { message: 'model crashed' } } });
    expect(await errorOf(await serve.post('/chat/completions', chat({ n: 3, stop: 'none' })))).toEqual({ status: 502, message: 'the upstream answered HTTP 500: model crashed', code: 'upstream_failed' });
    const streamed = await serve.post('/chat/completions', chat({ n: 3, stop: 'none' }, { stream: true }));
    expect(await errorOf(streamed)).toMatchObject({ status: 502, message: 'the upstream answered HTTP 500: model crashed' });
    const client = new OpenAI({ baseURL: serve.baseURL, apiKey: 'none', maxRetries: 0 });
    const error = await client.chat.completions.create(chat({ n: 2 }) as OpenAI.ChatCompletionCreateParamsNonStreaming).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as APIError).status).toBe(502);
  });

  it('an upstream rate limit (HTTP 429) on every sample is a 502 that says so', async () => {
    const serve = await serveOver(proxy);
    plan = () => ({ kind: 'status', status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '1' } });
    expect(await errorOf(await serve.post('/chat/completions', chat({ n: 2 })))).toEqual({ status: 502, message: 'the upstream answered HTTP 429: slow down', code: 'upstream_failed' });
  });

  it('the samples that succeeded still decide when the others failed or their streams were cut', async () => {
    const serve = await serveOver(proxy);
    const before = proxy.log.length;
    plan = (request) => {
      const i = request.index - before;
      return i % 3 === 0 ? { kind: 'status', status: 500 } : i % 3 === 1 ? { kind: 'cut-stream', afterEvents: 3 } : undefined;
    };
    const response = await serve.post('/chat/completions', chat({ n: 6, stop: 'none', concurrency: 1 }));
    expect(response.status).toBe(200);
    const body = expectShape(chatCompletion, await response.json());
    expect(body.quorum?.samples).toEqual({ used: body.quorum?.samples.used, total: 6, failed: 4, cancelled: 0 });
    expect(body.quorum?.samples.used).toBeGreaterThanOrEqual(1);
    expect(body.quorum?.answer).not.toBeNull();
  });

  it('every stream cut mid-way is a 502 that says the connection broke', async () => {
    const serve = await serveOver(proxy);
    plan = () => ({ kind: 'cut-stream', afterEvents: 2 });
    const error = await errorOf(await serve.post('/chat/completions', chat({ n: 2, stop: 'none' })));
    expect(error.status).toBe(502);
    expect(error.message).toBe('the upstream response broke off or was not valid OpenAI JSON');
  });
});

describe('timeouts', () => {
  it('an upstream that never answers is a 504 once the request timeout fires, and its connections are closed', async () => {
    const serve = await serveOver(proxy);
    plan = () => ({ kind: 'hang' });
    const pending = serve.post('/chat/completions', chat({ n: 3, stop: 'none' }));
    while (proxy.inFlight < 3) await new Promise((resolve) => setImmediate(resolve));
    expect(serve.timer.fire(REQUEST_TIMEOUT_MS)).toBe(1);
    expect(await errorOf(await pending)).toEqual({ status: 504, message: 'the request timed out before any sample finished', code: 'timeout' });
  });

  it('a timeout after some samples finished decides on them, with stop rule "timeout"', async () => {
    const serve = await serveOver(proxy);
    const before = proxy.log.length;
    plan = (request) => (request.index - before >= 2 ? { kind: 'hang' } : undefined);
    const response = await serve.post('/chat/completions', chat({ n: 4, stop: 'none', concurrency: 4 }, { stream: true }));
    // The stream opens once a first sample has finished; wait for both quick ones, then time out.
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while ((text.match(/"status":"ok"/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    serve.timer.fire(REQUEST_TIMEOUT_MS);
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += new TextDecoder().decode(part.value);
    const { data } = readEventStream(text);
    expect(data.at(-1)).toBe('[DONE]');
    const finish = data.map((d) => (d === '[DONE]' ? {} : JSON.parse(d)) as { quorum?: { stop?: unknown; samples?: unknown } }).find((c) => c.quorum?.stop !== undefined);
    expect(finish?.quorum?.stop).toEqual({ rule: 'timeout', reason: 'the request timed out' });
    expect(finish?.quorum?.samples).toEqual({ used: 2, total: 4, failed: 0, cancelled: 2 });
  });
});

describe('a client that disconnects mid-stream', () => {
  it('aborts every upstream generation of its request at once', async () => {
    const serve = await serveOver(slowProxy);
    const response = await serve.post('/chat/completions', chat({ n: 12, stop: 'none', concurrency: 4 }, { stream: true, max_tokens: 64 }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('quorum {"sample"')) text += new TextDecoder().decode((await reader.read()).value);
    expect(slowProxy.inFlight).toBeGreaterThanOrEqual(1);
    await reader.cancel();
    // Every upstream connection closes now, not when its generation would have ended.
    await Promise.all([slowProxy.idle(), serve.app.idle()]);
    expect(serve.app.limiter.inFlight).toBe(0);
    const line = serve.logs.at(-1) as { samples: { total: number; cancelled: number }; stop: { rule: string } };
    expect(line.stop.rule).toBe('client');
    expect(line.samples.cancelled).toBeGreaterThanOrEqual(1);
    expect(line.samples.total).toBeLessThan(12);
    expect(slowProxy.log.length).toBe(line.samples.total);
  });
});

describe('the global generation limit', () => {
  it('refuses a request with 429 and retry-after while the slots and the queue are full', async () => {
    const serve = await serveOver(proxy, { maxInFlight: 1, queue: 0 });
    plan = () => ({ kind: 'hang' });
    const first = new AbortController();
    const holding = fetch(`${serve.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat({ n: 1 })), signal: first.signal }).catch(() => undefined);
    while (proxy.inFlight < 1) await new Promise((resolve) => setImmediate(resolve));
    const client = new OpenAI({ baseURL: serve.baseURL, apiKey: 'none', maxRetries: 0 });
    const error = await client.chat.completions.create(chat({ n: 1 }) as OpenAI.ChatCompletionCreateParamsNonStreaming).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as APIError).message).toMatch(/at its limit of 1 upstream generations in flight/);
    expect(Number((error as APIError).headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    first.abort();
    await holding;
  });
});
