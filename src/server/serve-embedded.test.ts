/**
 * `quorum serve` with the embedded toy-arith model as its upstream (no HTTP in between): chats are
 * put to this template-less model as a "Q: …\nA:" transcript, strategy none streams tokens as they
 * are generated, abstentions are flagged or refused, and concurrent requests with different
 * strategies keep to their own state.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../test/shared.js';
import { getAnswerKind } from '../answers/registry.js';
import { createLlamaBackend, type LlamaBackend } from '../backends/llama/llama-backend.js';
import { chatChunk, chatCompletion, expectShape, readEventStream } from '../test-support/openai-wire.js';
import { startTestServe, type TestServe } from '../test-support/serve-harness.js';
import { createEmbeddedUpstream } from './upstream.js';
import { devQuestionText, TOY_DEV } from '../test-support/toy-arith-dev.js';

const math = getAnswerKind('math');

let backend: LlamaBackend;
let serve: TestServe;
let client: OpenAI;

beforeAll(async () => {
  backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 8 });
  serve = await startTestServe(createEmbeddedUpstream({ backend, modelName: 'toy-arith', format: 'auto' }), { abstention: { mode: 'best', refusalText: 'I do not know.' } });
  client = new OpenAI({ baseURL: serve.baseURL, apiKey: 'none', maxRetries: 0 });
});
afterAll(async () => {
  await serve.close();
});

type VoteRow = { answer: string; count: number; weight: number };
const byAnswer = (votes: VoteRow[]): VoteRow[] => votes.toSorted((a, b) => a.answer.localeCompare(b.answer));

type WithQuorum<T> = T & { quorum?: Record<string, unknown> };
const ask = (i: number, quorum: Record<string, unknown>, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) =>
  client.chat.completions.create({ model: 'toy-arith', messages: [{ role: 'user', content: devQuestionText(i) }], seed: 21, quorum, ...extra } as WithQuorum<OpenAI.ChatCompletionCreateParamsNonStreaming>) as Promise<
    WithQuorum<OpenAI.ChatCompletion>
  >;

describe('embedded upstream', () => {
  it('answers a chat through the QA transcript with the right answer on an easy dev question', async () => {
    expect(backend.hasChatTemplate).toBe(false);
    const body = expectShape(chatCompletion, await ask(0, { n: 8, stop: 'none' }));
    expect(body.quorum?.answer).toBe(String(TOY_DEV[0]?.answer));
    expect(body.quorum?.samples.total).toBe(8);
    // The QA transcript stops at the end of the answer line.
    expect(body.choices[0]?.message.content).not.toContain('\n');
    expect(math.extract(body.choices[0]?.message.content ?? '')).toBe(String(TOY_DEV[0]?.answer));
  });

  it('streams a quorum-mode answer to the openai client with usage, and answers n > 1 with distinct answers', async () => {
    const stream = await client.chat.completions.create({
      model: 'quorum/auto@12/toy-arith',
      messages: [{ role: 'user', content: devQuestionText(2) }],
      stream: true,
      stream_options: { include_usage: true },
      seed: 8,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(expectShape(chatChunk, chunk));
    const finish = chunks.find((c) => c.quorum !== undefined && 'answer' in c.quorum);
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    if (finish === undefined) throw new Error('no chunk carried the decision');
    expect(math.equivalent(math.extract(content) ?? '', (finish.quorum as { answer: string }).answer)).toBe(true);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);

    const several = expectShape(chatCompletion, await ask(5, { n: 12, stop: 'none' }, { n: 2, temperature: 1.5 }));
    const answers = several.choices.map((c) => math.extract(c.message.content));
    expect(answers).toEqual(several.quorum?.votes.slice(0, 2).map((v) => v.answer));
  });

  it('returns the chosen sample’s logprobs in OpenAI’s shape when asked', async () => {
    const body = expectShape(chatCompletion, await ask(0, { n: 2, stop: 'none' }, { logprobs: true, top_logprobs: 2 }));
    const tokens = body.choices[0]?.logprobs?.content ?? [];
    expect(tokens.map((t) => t.token).join('')).toBe(body.choices[0]?.message.content);
    expect(tokens.every((t) => t.top_logprobs.length === 2 && t.logprob <= 0)).toBe(true);
  });

  it('flags an abstention on the best sample, or replies with the refusal text when the server says so', async () => {
    const flagged = expectShape(chatCompletion, await ask(9, { n: 8, stop: 'none', abstain_below: 1 }, { temperature: 2 }));
    expect(flagged.quorum?.confidence).toBeLessThan(1);
    expect(flagged.quorum?.abstained).toBe(true);
    expect(math.equivalent(math.extract(flagged.choices[0]?.message.content ?? '') ?? '', flagged.quorum?.answer ?? '')).toBe(true);

    const refusing = await startTestServe(createEmbeddedUpstream({ backend, modelName: 'toy-arith', format: 'auto' }), { abstention: { mode: 'refuse', refusalText: 'I do not know.' } });
    try {
      const response = await refusing.post('/chat/completions', { model: 'toy-arith', messages: [{ role: 'user', content: devQuestionText(9) }], seed: 21, temperature: 2, quorum: { n: 8, stop: 'none', abstain_below: 1 } });
      const refused = expectShape(chatCompletion, await response.json());
      expect(refused.choices.map((c) => c.message.content)).toEqual(['I do not know.']);
      expect(refused.quorum?.abstained).toBe(true);
      expect(refused.quorum?.confidence).toBeLessThan(1);
    } finally {
      await refusing.server.shutdown(0);
    }
  });

  it('strategy none generates once and streams every token as it is generated', async () => {
    const response = await serve.post('/chat/completions', { model: 'quorum/none/toy-arith', messages: [{ role: 'user', content: devQuestionText(1) }], stream: true, stream_options: { include_usage: true }, n: 2, seed: 5 });
    const { data } = readEventStream(await response.text());
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => expectShape(chatChunk, JSON.parse(d)));
    const deltas = chunks.filter((c) => c.choices[0]?.delta.content !== undefined && c.choices[0]?.delta.role === undefined);
    const usage = chunks.at(-1)?.usage;
    // One content chunk per generated token, for both choices.
    expect(deltas.length).toBe(usage?.completion_tokens);
    expect(new Set(deltas.map((c) => c.choices[0]?.index))).toEqual(new Set([0, 1]));
    expect(chunks.filter((c) => c.choices[0]?.finish_reason === 'stop')).toHaveLength(2);
  });

  it('keeps interleaved concurrent requests with different strategies to their own state', async () => {
    const specs = [
      { question: 0, quorum: { strategy: 'majority', n: 4, stop: 'none' } },
      { question: 1, quorum: { strategy: 'weighted:weight=normalized-probability', n: 6, stop: 'none' } },
      { question: 2, quorum: { strategy: 'best-of-n:signal=mean-logprob', n: 3, stop: 'none' } },
      { question: 3, quorum: { strategy: 'majority', n: 5, stop: 'none', answer: 'exact' } },
    ];
    const alone: WithQuorum<OpenAI.ChatCompletion>[] = [];
    for (const s of specs) alone.push(await ask(s.question, s.quorum));
    const together = await Promise.all(specs.map((s) => ask(s.question, s.quorum)));
    together.forEach((response, i) => {
      const body = expectShape(chatCompletion, response);
      const spec = specs[i] as (typeof specs)[number];
      expect(body.quorum?.strategy).toBe(spec.quorum.strategy);
      expect(body.quorum?.samples.total).toBe(spec.quorum.n);
      // Same seeds, same samples: the decision does not depend on what ran beside it (weights up to
      // the float noise of decoding in a different batch).
      // Tied classes are ordered by which finished first, so compare the tables by answer.
      const solo = byAnswer(alone[i]?.quorum?.['votes'] as VoteRow[]);
      const mixed = byAnswer(body.quorum?.votes ?? []);
      expect(mixed.map((v) => [v.answer, v.count])).toEqual(solo.map((v) => [v.answer, v.count]));
      mixed.forEach((v, j) => expect(v.weight).toBeCloseTo(solo[j]?.weight ?? NaN, 4));
    });
  });
});
