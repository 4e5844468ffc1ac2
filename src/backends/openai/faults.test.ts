import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { BackendError, InvalidResponseError, RateLimitError, TimeoutError } from '../../core/errors.js';
import { collectSamples } from '../collect-samples.js';
import { deferred, untilAborted, type Deferred } from '../../test-support/deferred.js';
import { startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from '../../test-support/fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../../test-support/llama-openai-server.js';
import { createOpenAIBackend } from './openai-backend.js';
import type { OpenAIBackendOptions } from './options.js';

const PROMPT = 'Q: Tom has 12 pens. He buys 3 boxes of 5 pens. How many pens does he have?\nA:';
const request = { prompt: PROMPT, n: 1, temperature: 1, maxTokens: 96, stop: ['\n'], seed: 9 };

let server: LlamaOpenAIServer;
let proxy: FaultProxy | undefined;

beforeAll(async () => {
  server = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1 });
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(async () => {
  await server.close();
});

/** A backend behind a fault proxy that applies `plan`; fast retries unless a test says otherwise. */
async function faulty(plan: (r: ProxiedRequest) => Fault | undefined, options: Partial<OpenAIBackendOptions> = {}) {
  proxy = await startFaultProxy({ upstream: server.baseURL, plan });
  const backend = createOpenAIBackend({ baseURL: proxy.baseURL, model: 'toy-arith', retryBaseDelayMs: 5, ...options });
  return { backend, log: proxy.log, url: `${proxy.baseURL}/completions` };
}

describe('retries', () => {
  /**
   * A clock under the test's control: retry waits are recorded and pass at once; attempts time out
   * never (their timer, of `timeoutMs`, only ends when the attempt is over).
   */
  const TIMEOUT_MS = 987_654;
  const recordedSleep = () => {
    const waits: number[] = [];
    const sleep = (ms: number, signal: AbortSignal): Promise<void> => {
      if (ms === TIMEOUT_MS) return untilAborted(signal);
      waits.push(ms);
      return Promise.resolve();
    };
    return { waits, sleep, timeoutMs: TIMEOUT_MS };
  };

  it('waits the retry-after seconds of a 429, then succeeds', async () => {
    const { waits, sleep, timeoutMs } = recordedSleep();
    const { backend, log } = await faulty((r) => (r.index === 0 ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } } : undefined), { sleep, timeoutMs });
    const [sample] = await collectSamples(backend.generate(request));
    expect(sample?.status).toBe('ok');
    expect(log).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it('honours retry-after given as an HTTP date, read against the backend clock', async () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0, 250);
    const { waits, sleep, timeoutMs } = recordedSleep();
    // HTTP dates have whole seconds: 12:00:02 is 1750 ms after the clock's 12:00:00.250.
    const { backend, log } = await faulty(
      (r) => (r.index === 0 ? { kind: 'status', status: 503, headers: { 'retry-after': new Date(now + 2000).toUTCString() } } : undefined),
      { sleep, timeoutMs, now: () => now },
    );
    const [sample] = await collectSamples(backend.generate(request));
    expect(sample?.status).toBe('ok');
    expect(log).toHaveLength(2);
    expect(waits).toEqual([1750]);
  });

  it('backs off exponentially with jitter between retries', async () => {
    const { waits, sleep, timeoutMs } = recordedSleep();
    const { backend, log } = await faulty((r) => (r.index < 3 ? { kind: 'status', status: 500 } : undefined), { sleep, timeoutMs, retryBaseDelayMs: 100, random: () => 0.5 });
    const [sample] = await collectSamples(backend.generate(request));
    expect(sample?.status).toBe('ok');
    expect(log).toHaveLength(4);
    // Equal jitter: half of 100·2^k fixed, half random (0.5 here).
    expect(waits).toEqual([75, 150, 300]);
  });

  it('gives a RateLimitError with the server message once retries run out', async () => {
    const { backend, log, url } = await faulty(() => ({
      kind: 'status',
      status: 429,
      headers: { 'retry-after-ms': '5' },
      body: { error: { message: 'Rate limit reached for requests' } },
    }), { maxRetries: 2 });
    const [sample] = await collectSamples(backend.generate(request));
    expect(log).toHaveLength(3);
    expect(sample).toMatchObject({ status: 'error', finishReason: 'error', text: '' });
    const error = sample?.error as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe(
      `${url} is rate-limiting requests (HTTP 429) (3 attempts): Rate limit reached for requests. Lower the backend's \`concurrency\`, raise \`maxRetries\`, or try again later.`,
    );
    expect(error.details).toMatchObject({ status: 429, serverMessage: 'Rate limit reached for requests' });
  });

  it('gives up at once when retry-after asks for longer than maxRetryAfterMs', async () => {
    const { backend, log } = await faulty(() => ({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } }));
    const [sample] = await collectSamples(backend.generate(request));
    expect(log).toHaveLength(1);
    expect(sample?.error).toBeInstanceOf(RateLimitError);
  });

  it('retries a 500 and a dropped connection, then succeeds', async () => {
    const { backend, log } = await faulty((r) => (r.index === 0 ? { kind: 'status', status: 500 } : r.index === 1 ? { kind: 'reset' } : undefined));
    const [sample] = await collectSamples(backend.generate(request));
    expect(sample?.status).toBe('ok');
    expect(sample?.text).toMatch(/The answer is/);
    expect(log).toHaveLength(3);
  });

  it('retries a request that hangs past the timeout, and reports a TimeoutError when every attempt does', async () => {
    // Time passes only when the proxy hangs on a request: that attempt's timeout fires at once, and
    // an attempt that is answered never times out, however slow the machine.
    const HANG_TIMEOUT_MS = 200;
    let hangs: Deferred[] = [];
    const hangNumber = (k: number): Deferred => (hangs[k] ??= deferred());
    let attempts = 0;
    let hangsSoFar = 0;
    const hang = (): Fault => {
      hangNumber(hangsSoFar++).resolve();
      return { kind: 'hang' };
    };
    const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
      ms === HANG_TIMEOUT_MS ? Promise.race([hangNumber(attempts++).promise, untilAborted(signal)]) : Promise.resolve();

    const once = await faulty((r) => (r.index === 0 ? hang() : undefined), { timeoutMs: HANG_TIMEOUT_MS, sleep });
    expect((await collectSamples(once.backend.generate(request)))[0]?.status).toBe('ok');
    expect(once.log).toHaveLength(2);
    await proxy?.close();

    attempts = 0;
    hangsSoFar = 0;
    hangs = [];
    const always = await faulty(() => hang(), { timeoutMs: HANG_TIMEOUT_MS, maxRetries: 1, sleep });
    const [sample] = await collectSamples(always.backend.generate(request));
    expect(always.log).toHaveLength(2);
    expect(sample?.error).toBeInstanceOf(TimeoutError);
    expect(sample?.error?.message).toBe(`${always.url} did not answer within 200 ms (2 attempts). Raise \`timeoutMs\` or lower \`maxTokens\`.`);
  });

  it('does not retry invalid JSON, and says what it got', async () => {
    const { backend, log, url } = await faulty(() => ({ kind: 'body', body: '{"choices": [oops' }));
    const [sample] = await collectSamples(backend.generate(request));
    expect(log).toHaveLength(1);
    expect(sample?.error).toBeInstanceOf(InvalidResponseError);
    expect(sample?.error?.message).toBe(
      `${url} sent a response that is not valid OpenAI JSON: the body is not JSON: "{\\"choices\\": [oops". Check that the URL points at an OpenAI-compatible API.`,
    );
  });

  it('throws from generate when the server rejects the API key: nothing can succeed', async () => {
    const { backend } = await faulty(() => ({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided' } } }));
    await expect(collectSamples(backend.generate({ ...request, n: 3 }))).rejects.toThrow(/HTTP 401: Incorrect API key provided\. Check `apiKey`/);
  });
});

describe('concurrency', () => {
  it('never has more requests in flight than the limit, over all concurrent calls of one backend', async () => {
    const { backend, log } = await faulty(() => ({ kind: 'delay', ms: 50 }), { concurrency: 2, nativeN: false });
    const calls = [backend.generate({ ...request, n: 3 }), backend.generate({ ...request, n: 3, seed: 10 })].map(collectSamples);
    const results = (await Promise.all(calls)).flat();
    expect(results.every((s) => s.status === 'ok')).toBe(true);
    expect(log).toHaveLength(6);
    expect(proxy?.peakInFlight).toBe(2);
  });
});

describe('n support', () => {
  it('fans out after a server rejects n > 1, and remembers it', async () => {
    const { backend, log } = await faulty(() => ({ kind: 'reject-n' }));
    const samples = await collectSamples(backend.generate({ ...request, n: 4 }));
    expect(samples.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(log.map((r) => r.body['n'])).toEqual([4, undefined, undefined, undefined, undefined]);
    expect(backend.nMode).toBe('fan-out');
    expect(backend.capabilities.nativeN).toBe(false);
    await collectSamples(backend.generate({ ...request, n: 2 }));
    expect(log.slice(5).map((r) => r.body['n'])).toEqual([undefined, undefined]);
  });

  it('keeps the one choice of a server that ignores n and fans out the rest', async () => {
    const { backend, log } = await faulty(() => ({ kind: 'ignore-n' }));
    const samples = await collectSamples(backend.generate({ ...request, n: 3 }));
    expect(samples.map((s) => [s.index, s.status])).toEqual([[0, 'ok'], [1, 'ok'], [2, 'ok']]);
    expect(log).toHaveLength(3);
    expect(backend.nMode).toBe('fan-out');
  });
});

const lp = (tokens: string[]) => ({ tokens, token_logprobs: tokens.map(() => -0.5), top_logprobs: null });

describe('usage with native n', () => {
  it('keeps per-sample counts and puts what the server counted beyond them on the first sample', async () => {
    const body = JSON.stringify({
      choices: [
        { index: 1, text: ' 1 2 3', logprobs: lp([' 1', ' 2', ' 3']), finish_reason: 'stop' },
        { index: 0, text: ' 1 2', logprobs: lp([' 1', ' 2']), finish_reason: 'stop' },
      ],
      // Like servers that also count the stop token of each choice.
      usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 },
    });
    const { backend } = await faulty(() => ({ kind: 'body', body }));
    const samples = await collectSamples(backend.generate({ ...request, n: 2 }));
    expect(samples.map((s) => [s.text, s.tokens, s.tokensCountedFrom])).toEqual([
      [' 1 2', 2, 'logprobs'],
      [' 1 2 3', 3, 'logprobs'],
    ]);
    expect(samples.map((s) => s.usage)).toEqual([
      { promptTokens: 9, completionTokens: 4, calls: 1 },
      { promptTokens: 0, completionTokens: 3, calls: 0 },
    ]);
  });
});

describe('partial results', () => {
  it('yields the 3 samples that worked and the failed one with its error', async () => {
    // Sample 2 of a fanned-out request always fails with a 500.
    const { backend } = await faulty(
      (r) => (r.body['seed'] === badSeed ? { kind: 'status', status: 500, body: { error: { message: 'CUDA out of memory' } } } : undefined),
      { nativeN: false, maxRetries: 1 },
    );
    const samples = await collectSamples(backend.generate({ ...request, n: 4 }));
    expect(samples.map((s) => s.status)).toEqual(['ok', 'ok', 'error', 'ok']);
    expect(samples[2]?.error).toBeInstanceOf(BackendError);
    expect(samples[2]?.error?.message).toMatch(/failed with HTTP 500 \(2 attempts\): CUDA out of memory\. The server is failing/);
  });

  it('keeps the valid text of a stream cut in the middle of an event, with the error visible', async () => {
    const full = await faulty(() => undefined);
    const streamRequest = { ...request, onToken: () => undefined };
    const [whole] = await collectSamples(full.backend.generate(streamRequest));
    await proxy?.close();

    const cut = await faulty(() => ({ kind: 'cut-stream', afterEvents: 8 }));
    const [sample] = await collectSamples(cut.backend.generate(streamRequest));
    expect(cut.log).toHaveLength(1); // a broken stream is not retried: its tokens already went out
    expect(sample).toMatchObject({ status: 'error', finishReason: 'error' });
    expect(sample?.error).toBeInstanceOf(InvalidResponseError);
    expect(sample?.error?.message).toBe(
      `the connection to ${cut.url} broke in the middle of the stream after 8 tokens; the text so far is kept. Retry; if it keeps happening, check the server.`,
    );
    expect(sample?.tokens).toBe(8);
    expect(sample?.text.length).toBeGreaterThan(0);
    expect(whole?.text.startsWith(sample?.text ?? 'x')).toBe(true);
  });
});

describe('broken streams', () => {
  it('reports a stream that ends cleanly but too early, keeping its tokens', async () => {
    const { backend, url } = await faulty(() => ({ kind: 'cut-stream', afterEvents: 5, how: 'end' }));
    const [sample] = await collectSamples(backend.generate({ ...request, onToken: () => undefined }));
    expect(sample).toMatchObject({ status: 'error', tokens: 5, tokensCountedFrom: 'stream' });
    expect(sample?.error?.message).toBe(
      `the stream from ${url} ended before sample 0 finished (after 5 tokens); the text so far is kept. Retry; if it keeps happening, check the server's logs or a proxy's timeouts.`,
    );
  });

  it('keeps the tokens before an unreadable chunk', async () => {
    const body = 'data: {"choices":[{"index":0,"text":" 3*5=15.","finish_reason":null}]}\n\ndata: {"choices": [oops\n\n';
    const { backend, url } = await faulty(() => ({ kind: 'body', body, contentType: 'text/event-stream' }));
    const [sample] = await collectSamples(backend.generate({ ...request, onToken: () => undefined }));
    expect(sample).toMatchObject({ status: 'error', text: ' 3*5=15.', tokens: 1 });
    expect(sample?.error).toBeInstanceOf(InvalidResponseError);
    expect(sample?.error?.message).toMatch(new RegExp(`^${url.replaceAll('.', '\\.')} sent an unreadable stream chunk after 1 tokens \\(.*JSON.*\\); the text so far is kept\\.$`));
  });
});

describe('stream usage', () => {
  it('drops stream_options for good when the server rejects it', async () => {
    const { backend, log } = await faulty((r) =>
      r.body['stream_options'] ? { kind: 'status', status: 400, body: { error: { message: 'Unrecognized request argument supplied: stream_options' } } } : undefined,
    );
    const stream = { ...request, onToken: () => undefined };
    const [first] = await collectSamples(backend.generate(stream));
    const [second] = await collectSamples(backend.generate(stream));
    expect([first?.status, second?.status]).toEqual(['ok', 'ok']);
    expect(log.map((r) => r.body['stream_options'] !== undefined)).toEqual([true, false, false]);
    expect(first?.tokensCountedFrom).toBe('stream');
  });

  it('counts streamed tokens, and says so, when the server never reports usage', async () => {
    const quiet = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, streamUsage: 'never' });
    try {
      const backend = createOpenAIBackend({ baseURL: quiet.baseURL, model: 'toy-arith' });
      let calls = 0;
      const [sample] = await collectSamples(backend.generate({ ...request, logprobs: true, onToken: () => void calls++ }));
      expect(sample?.status).toBe('ok');
      expect(sample?.tokensCountedFrom).toBe('logprobs');
      expect(sample?.tokens).toBe(calls);
      expect(sample?.usage).toEqual({ promptTokens: 0, completionTokens: calls, calls: 1 });
    } finally {
      await quiet.close();
    }
  });
});

const badSeed = (await import('../../core/rng.js')).deriveSeed(9, 'sample', 2);
