/**
 * The AI SDK with its OpenAI-compatible provider, against a real `quorum serve` (generateText,
 * streamText) and, wrapped with quorumMiddleware, against the toy-arith test server directly.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../test/shared.js';
import { getAnswerKind } from '../answers/registry.js';
import { quorumMiddleware } from '../ai-sdk.js';
import { createHttpUpstream } from '../server/upstream.js';
import { startFaultProxy, type FaultProxy } from '../test-support/fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../test-support/llama-openai-server.js';
import { chatCompletion, expectShape } from '../test-support/openai-wire.js';
import { startTestServe, type TestServe } from '../test-support/serve-harness.js';
import { devQuestionText, TOY_DEV } from '../test-support/toy-arith-dev.js';

const math = getAnswerKind('math');

let upstream: LlamaOpenAIServer;
let proxy: FaultProxy;
let serve: TestServe;

beforeAll(async () => {
  upstream = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, modelName: 'toy-arith' });
  proxy = await startFaultProxy({ upstream: upstream.baseURL });
  serve = await startTestServe(createHttpUpstream({ baseURLs: [proxy.baseURL], concurrency: 8 }));
});
afterAll(async () => {
  await serve.close();
  await proxy.close();
  await upstream.close();
});

const provider = (): ReturnType<typeof createOpenAICompatible> => createOpenAICompatible({ name: 'quorum', baseURL: serve.baseURL, apiKey: 'none', includeUsage: true });
/** The toy-arith test server's model, answering by a vote over six samples. */
const model = (): ReturnType<typeof wrapLanguageModel> =>
  wrapLanguageModel({
    model: createOpenAICompatible({ name: 'toy', baseURL: proxy.baseURL, apiKey: 'none' })('toy-arith'),
    middleware: quorumMiddleware({ strategy: 'majority', maxSamples: 6, answer: 'math' }),
  });

describe('AI SDK OpenAI-compatible provider against quorum serve', () => {
  it('generateText gets the voted answer; the raw body carries the quorum object', async () => {
    const result = await generateText({ model: provider()('quorum/majority@6/toy-arith'), prompt: devQuestionText(0), seed: 3 });
    const body = expectShape(chatCompletion, result.response.body);
    expect(result.text).toBe(body.choices[0]?.message.content);
    expect(math.equivalent(math.extract(result.text) ?? '', body.quorum?.answer ?? '')).toBe(true);
    expect(result.usage.inputTokens).toBe(body.usage.prompt_tokens);
    expect(result.usage.outputTokens).toBe(body.usage.completion_tokens);
    expect(result.finishReason).toBe('stop');
  });

  it('streamText streams the winner and reports the summed usage', async () => {
    const result = streamText({ model: provider()('quorum/majority@4/toy-arith'), prompt: devQuestionText(1), seed: 4 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(math.extract(text)).not.toBeNull();
    const usage = await result.usage;
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(await result.finishReason).toBe('stop');
  });
});

describe('quorumMiddleware over the provider', () => {

  it('generateText draws samples concurrently with distinct seeds and returns the winner with its vote share and confidence', async () => {
    const before = proxy.log.length;
    const result = await generateText({ model: model(), prompt: devQuestionText(0), seed: 7 });
    await proxy.idle();
    const calls = proxy.log.slice(before);
    expect(calls).toHaveLength(6);
    expect(new Set(calls.map((c) => c.body['seed'])).size).toBe(6);
    expect(proxy.peakInFlight).toBeGreaterThan(1);
    const quorum = result.providerMetadata?.['quorum'] as Record<string, unknown>;
    expect(quorum).toMatchObject({ confidenceKind: 'vote-share', abstained: false, samples: { total: 6, failed: 0, cancelled: 0 }, strategy: 'majority' });
    expect(quorum['voteShare']).toBe(quorum['confidence']);
    expect(math.equivalent(math.extract(result.text) ?? '', String(quorum['answer']))).toBe(true);
    expect(quorum['answer']).toBe(String(TOY_DEV[0]?.answer));
    // Usage is summed over all six calls, not the winner's alone.
    const replayed = await Promise.all(
      calls.map(async (c) => ((await (await fetch(`${upstream.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(c.body) })).json()) as { usage: { completion_tokens: number } }).usage.completion_tokens),
    );
    expect(result.usage.outputTokens).toBe(replayed.reduce((a, b) => a + b, 0));
  });

  it('streamText streams the winning sample and ends with the decision in providerMetadata', async () => {
    const result = streamText({ model: model(), prompt: devQuestionText(2), seed: 8 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    const quorum = (await result.providerMetadata)?.['quorum'] as Record<string, unknown>;
    expect(math.equivalent(math.extract(text) ?? '', String(quorum['answer']))).toBe(true);
    expect((quorum['samples'] as { total: number }).total).toBe(6);
  });

  it('rejects a bad spec where the model is wrapped', () => {
    expect(() => quorumMiddleware({ stop: 'betaa' })).toThrow(/unknown stop rule "betaa"/);
  });

});
