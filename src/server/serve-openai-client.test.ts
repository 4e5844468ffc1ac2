/**
 * The official `openai` client against a real `quorum serve` on 127.0.0.1 whose upstream is the
 * toy-arith model behind the test OpenAI server (and a logging proxy that shows every upstream call).
 */
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../test/shared.js';
import { getAnswerKind } from '../answers/registry.js';
import { startFaultProxy, type FaultProxy } from '../test-support/fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../test-support/llama-openai-server.js';
import { chatChunk, chatCompletion, errorBody, expectShape, readEventStream, textChunk, textCompletion } from '../test-support/openai-wire.js';
import { startTestServe, type TestServe } from '../test-support/serve-harness.js';
import { createHttpUpstream } from './upstream.js';
import { devQuestionText, TOY_DEV } from '../test-support/toy-arith-dev.js';

const math = getAnswerKind('math');
const KEY = 'test-client-key';

let upstream: LlamaOpenAIServer;
let proxy: FaultProxy;
let serve: TestServe;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, modelName: 'toy-arith' });
  proxy = await startFaultProxy({ upstream: upstream.baseURL });
  serve = await startTestServe(createHttpUpstream({ baseURLs: [proxy.baseURL], concurrency: 8, apiKey: 'upstream-secret' }), { apiKeys: [KEY] });
  client = new OpenAI({ baseURL: serve.baseURL, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await serve.close();
  await proxy.close();
  await upstream.close();
});

/** Upstream calls made by `run`. */
async function upstreamCalls<T>(run: () => Promise<T>): Promise<{ value: T; calls: (typeof proxy.log)[number][] }> {
  const before = proxy.log.length;
  const value = await run();
  await proxy.idle();
  return { value, calls: proxy.log.slice(before) };
}

const progressRequest = (progress: string): Promise<Response> =>
  serve.post(
    '/chat/completions',
    { model: 'toy-arith', messages: [{ role: 'user', content: devQuestionText(4) }], stream: true, seed: 9, quorum: { n: 4, stop: 'none', progress } },
    { authorization: `Bearer ${KEY}` },
  );

type WithQuorum<T> = T & { quorum?: Record<string, unknown> };

describe('openai client, non-streaming', () => {
  it('gets an OpenAI-shaped chat completion whose content is a sample of the winning answer, with usage summed over every upstream call', async () => {
    const { value: completion, calls } = await upstreamCalls(() =>
      client.chat.completions.create({ model: 'toy-arith', messages: [{ role: 'user', content: devQuestionText(0) }], seed: 11, quorum: { n: 6, stop: 'none' } } as WithQuorum<OpenAI.ChatCompletionCreateParamsNonStreaming>),
    );
    const body = expectShape(chatCompletion, completion);
    const quorum = body.quorum;
    expect(quorum?.samples).toEqual({ used: quorum?.samples.used, total: 6, failed: 0, cancelled: 0 });
    expect(quorum?.stop).toEqual({ rule: 'none', reason: 'budget: 6 samples' });
    expect(math.equivalent(math.extract(body.choices[0]?.message.content ?? '') ?? '', quorum?.answer ?? '')).toBe(true);
    expect(quorum?.votes.reduce((sum, v) => sum + v.count, 0)).toBe(quorum?.samples.used);
    // Six upstream calls, each one sample with its own seed, the upstream key, no quorum field.
    expect(calls).toHaveLength(6);
    expect(new Set(calls.map((c) => c.body['seed'])).size).toBe(6);
    expect(calls.every((c) => c.body['model'] === 'toy-arith' && c.body['quorum'] === undefined && c.body['n'] === undefined)).toBe(true);
    // Usage is the sum of what the upstream reports for those same six calls, replayed directly.
    const direct = await Promise.all(
      calls.map(async (c) => {
        const response = await fetch(`${upstream.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...c.body, stream: false, stream_options: undefined }) });
        return ((await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
      }),
    );
    expect(body.usage.prompt_tokens).toBe(direct.reduce((sum, u) => sum + u.prompt_tokens, 0));
    expect(body.usage.completion_tokens).toBe(direct.reduce((sum, u) => sum + u.completion_tokens, 0));
  });

  it('answers client n > 1 with the top distinct answers in vote order', async () => {
    const completion = (await client.chat.completions.create({
      model: 'quorum/majority@12/toy-arith',
      messages: [{ role: 'user', content: devQuestionText(3) }],
      n: 3,
      temperature: 1.5,
      seed: 5,
    })) as WithQuorum<OpenAI.ChatCompletion>;
    const body = expectShape(chatCompletion, completion);
    const votes = body.quorum?.votes ?? [];
    expect(body.choices).toHaveLength(Math.min(3, votes.length));
    expect(body.choices.map((c) => c.index)).toEqual(body.choices.map((_, i) => i));
    body.choices.forEach((choice, i) => expect(math.equivalent(math.extract(choice.message.content) ?? '', votes[i]?.answer ?? '')).toBe(true));
  });

  it('serves the legacy completions endpoint with a raw prompt', async () => {
    const completion = await client.completions.create({ model: 'quorum/majority@4/toy-arith', prompt: TOY_DEV[1]?.question ?? '', stop: ['\n'], seed: 2 });
    const body = expectShape(textCompletion, completion);
    expect(body.quorum?.samples.total).toBe(4);
    expect(math.extract(body.choices[0]?.text ?? '')).toBe(body.quorum?.answer);
  });
});

describe('openai client, streaming', () => {
  it('streams OpenAI-shaped chunks: role, content, finish with the quorum object, usage, then the end', async () => {
    const stream = await client.chat.completions.create({
      model: 'toy-arith',
      messages: [{ role: 'user', content: devQuestionText(2) }],
      stream: true,
      stream_options: { include_usage: true },
      seed: 4,
      quorum: { n: 5, stop: 'none' },
    } as WithQuorum<OpenAI.ChatCompletionCreateParamsStreaming>);
    const chunks = [];
    for await (const chunk of stream) chunks.push(expectShape(chatChunk, chunk));
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    const finish = chunks.find((c) => c.choices[0]?.finish_reason !== null && c.choices.length > 0);
    expect(finish?.quorum).toMatchObject({ samples: { total: 5, failed: 0, cancelled: 0 } });
    const quorum = finish?.quorum as { answer: string };
    expect(math.equivalent(math.extract(content) ?? '', quorum.answer)).toBe(true);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('sends the vote table as SSE comments while sampling, or as quorum chunks when asked', async () => {
    const comments = readEventStream(await (await progressRequest('comments')).text());
    expect(comments.data.at(-1)).toBe('[DONE]');
    const votes = comments.comments.filter((c) => c.startsWith('quorum {"votes"'));
    expect(votes.length).toBeGreaterThanOrEqual(1);
    expect(comments.comments.filter((c) => c.startsWith('quorum {"sample"'))).toHaveLength(4);
    for (const data of comments.data.slice(0, -1)) expectShape(chatChunk, JSON.parse(data));

    const chunked = readEventStream(await (await progressRequest('chunks')).text());
    expect(chunked.comments).toEqual([]);
    const progress = chunked.data.slice(0, -1).map((d) => expectShape(chatChunk, JSON.parse(d))).filter((c) => c.quorum !== undefined && 'progress' in c.quorum);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.every((c) => c.choices.length === 0)).toBe(true);
  });

  it('streams legacy completions as text_completion chunks', async () => {
    const response = await serve.post('/completions', { model: 'quorum/majority@3/toy-arith', prompt: TOY_DEV[5]?.question, stop: '\n', stream: true, stream_options: { include_usage: true } }, { authorization: `Bearer ${KEY}` });
    const { data } = readEventStream(await response.text());
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => expectShape(textChunk, JSON.parse(d)));
    expect(chunks.at(-1)?.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).toMatch(/The answer is/);
  });
});

describe('pass-through', () => {
  it('forwards strategy none unchanged (streaming included), minus the quorum field and the prefix', async () => {
    const { value: chunks, calls } = await upstreamCalls(async () => {
      const stream = await client.chat.completions.create({
        model: 'quorum/none/toy-arith',
        messages: [{ role: 'user', content: devQuestionText(6) }],
        stream: true,
        stream_options: { include_usage: true },
        seed: 1,
        max_tokens: 40,
      });
      const out = [];
      for await (const chunk of stream) out.push(chunk);
      return out;
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toEqual({ model: 'toy-arith', messages: [{ role: 'user', content: devQuestionText(6) }], stream: true, stream_options: { include_usage: true }, seed: 1, max_tokens: 40 });
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
    const { calls: direct } = await upstreamCalls(async () => {
      const completion = (await client.chat.completions.create({ model: 'toy-arith', messages: [{ role: 'user', content: 'x' }], n: 2, quorum: { strategy: 'none' } } as WithQuorum<OpenAI.ChatCompletionCreateParamsNonStreaming>)) as OpenAI.ChatCompletion;
      expect(completion.choices).toHaveLength(2);
      return completion;
    });
    expect(direct[0]?.body).toEqual({ model: 'toy-arith', messages: [{ role: 'user', content: 'x' }], n: 2 });
  });
});

describe('errors reach the openai client as typed APIErrors in OpenAI shape', () => {
  it('a wrong or missing key is a 401 AuthenticationError, checked before anything else', async () => {
    const other = new OpenAI({ baseURL: serve.baseURL, apiKey: 'wrong-key', maxRetries: 0 });
    const error = await other.chat.completions.create({ model: 'toy-arith', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as APIError).code).toBe('invalid_api_key');
    expect((error as APIError).message).not.toContain('wrong-key');
    // No key at all, and a malformed body: the key is checked first.
    const raw = await serve.post('/chat/completions', '{not json');
    expect(raw.status).toBe(401);
    expect(expectShape(errorBody, await raw.json()).error.message).toMatch(/missing API key/);
  });

  it('an unknown quorum field is a 400 BadRequestError that lists the fields, and nothing goes upstream', async () => {
    const { value: error, calls } = await upstreamCalls(() =>
      client.chat.completions.create({ model: 'toy-arith', messages: [{ role: 'user', content: 'x' }], quorum: { samples: 3 } } as WithQuorum<OpenAI.ChatCompletionCreateParamsNonStreaming>).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as APIError).message).toMatch(/unknown field quorum\.samples; the quorum object takes strategy, n, max_samples, stop/);
    expect([(error as APIError).param, (error as APIError).code]).toEqual(['quorum', 'unknown_field']);
    expect(calls).toEqual([]);
  });

  it('malformed JSON, a bad field, tools in quorum mode and an unknown route are 400/404 in OpenAI shape', async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    const cases: [Response, number, RegExp][] = [
      [await serve.post('/chat/completions', '{"model": "toy-arith", ', auth), 400, /not valid JSON/],
      [await serve.post('/chat/completions', { model: 'toy-arith', messages: [] }, auth), 400, /messages: Too small/],
      [await serve.post('/chat/completions', { model: 'toy-arith', messages: [{ role: 'user', content: 'x' }], temperature: 7 }, auth), 400, /temperature: Too big/],
      [await serve.post('/chat/completions', { model: 'toy-arith', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function' }] }, auth), 400, /"tools" is not supported when quorum votes/],
      [await fetch(`${serve.baseURL}/embeddings`, { method: 'POST', headers: auth }), 404, /no route POST \/v1\/embeddings/],
    ];
    for (const [response, status, message] of cases) {
      expect(response.status).toBe(status);
      expect(expectShape(errorBody, await response.json()).error.message).toMatch(message);
    }
  });

  it('an oversize body is a 413 APIError', async () => {
    const error = await client.chat.completions.create({ model: 'toy-arith', messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect([(error as APIError).status, (error as APIError).code]).toEqual([413, 'request_too_large']);
    expect((error as APIError).message).toMatch(/larger than this server's limit of 65536 bytes/);
  });

  it('a request over the sample cap is a 400 that names the cap', async () => {
    const error = (await client.chat.completions.create({ model: 'quorum/auto@99/toy-arith', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect([error.param, error.code]).toEqual(['model', 'over_limit']);
  });

  it('logs one JSON line per request without prompt text or keys, and counts it in /metrics', async () => {
    const secret = 'a-question-that-must-not-be-logged';
    await client.chat.completions.create({ model: 'quorum/majority@2/toy-arith', messages: [{ role: 'user', content: `${secret} ${devQuestionText(7)}` }], seed: 1 }, { headers: { 'x-request-id': 'req-log-1' } });
    const line = serve.logs.find((l) => l['id'] === 'req-log-1');
    expect(line).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200, mode: 'quorum', strategy: 'majority', stop_rule: null, samples: { total: 2, max: 2 } });
    expect(typeof line?.['decision_ms']).toBe('number');
    expect(line?.['fixed_n_tokens_estimate']).toBe((line?.['tokens'] as { completion: number } | undefined)?.completion);
    const all = JSON.stringify(serve.logs);
    expect(all).not.toContain(secret);
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('upstream-secret');
    const metrics = await (await fetch(`${serve.baseURL.replace(/\/v1$/, '')}/metrics`)).text();
    expect(metrics).toMatch(/quorum_requests_total\{path="\/v1\/chat\/completions",mode="quorum",status="200"\} \d+/);
    expect(metrics).toMatch(/quorum_upstream_generations_in_flight 0/);
  });
});
