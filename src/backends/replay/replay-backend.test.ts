import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors.js';
import type { Sample } from '../../core/types.js';
import { sharedPath } from '../../../test/shared.js';
import type { GenerateRequest } from '../backend.js';
import { loadSamplePool } from '../../recordings/load-sample-pool.js';
import { createReplayBackend, ReplayExhaustedError, type ReplayBackend } from './replay-backend.js';

const gptOss = sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl');
const toyArith = sharedPath('models', 'toy-arith', 'dev-samples.jsonl');
const mini = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'recordings', '__fixtures__', 'mini.quorum.jsonl');

async function collect(backend: ReplayBackend, request: GenerateRequest): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const sample of backend.generate(request)) out.push(sample);
  return out;
}

/** Recorded (answer, tokens) pairs, which identify a BoInf sample well enough to compare orders. */
const fingerprint = (samples: Sample[]): string[] => samples.map((s) => `${String(s.answer)}/${s.tokens}`);

describe('replay backend', () => {
  it('serves a question in a seeded shuffled order, the same for the same seed', async () => {
    const { questions } = await loadSamplePool(gptOss);
    const recorded = questions[3]!;
    const a = await collect(createReplayBackend(questions, { seed: 1 }), { prompt: '3', n: 20 });
    const b = await collect(createReplayBackend(questions, { seed: 1 }), { prompt: '3', n: 20 });
    const c = await collect(createReplayBackend(questions, { seed: 2 }), { prompt: '3', n: 20 });
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(fingerprint(a)).not.toEqual(fingerprint(c));
    expect(fingerprint(a)).not.toEqual(fingerprint(recorded.samples.slice(0, 20)));
    expect(a.map((s) => s.index)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(a.every((s) => s.status === 'ok' && s.usage.completionTokens === s.tokens)).toBe(true);
  });

  it('never serves a sample twice, and says so when a question runs out', async () => {
    const { questions } = await loadSamplePool(gptOss);
    const backend = createReplayBackend(questions, { seed: 5 });
    const first = await collect(backend, { prompt: '0', n: 60 });
    expect(backend.remaining('0')).toBe(40);
    const rest = await collect(backend, { prompt: '0', n: 45 });
    expect(rest.slice(0, 40).every((s) => s.status === 'ok')).toBe(true);
    const all = [...first, ...rest.slice(0, 40)];
    const expected = fingerprint(questions[0]!.samples).toSorted();
    expect(fingerprint(all).toSorted()).toEqual(expected);
    const missing = rest.slice(40);
    expect(missing).toHaveLength(5);
    for (const s of missing) {
      expect(s).toMatchObject({ status: 'error', tokens: 0, answer: null });
      expect(s.error).toBeInstanceOf(ReplayExhaustedError);
      expect(s.error?.message).toMatch(/question "0" has 100 recorded samples and all have been served/);
    }
    backend.reset();
    expect(fingerprint(await collect(backend, { prompt: '0', n: 60 }))).toEqual(fingerprint(first));
  });

  it('declares logprobs only when the recording has them, and returns them only when asked', async () => {
    const boinf = createReplayBackend((await loadSamplePool(gptOss)).questions);
    expect(boinf.capabilities).toMatchObject({ logprobs: false, topLogprobs: 0, nativeN: true, streaming: false });
    const toy = createReplayBackend((await loadSamplePool(toyArith)).questions);
    expect(toy.capabilities).toMatchObject({ logprobs: true, topLogprobs: 0 });
    const plain = await collect(toy, { prompt: 'dev-007', n: 2 });
    expect(plain.every((s) => s.logprobs === undefined)).toBe(true);
    const withLogprobs = await collect(toy, { prompt: 'dev-007', n: 2, logprobs: true });
    for (const s of withLogprobs) expect(s.logprobs).toHaveLength(s.tokens);
  });

  it('finds a question by its prompt (string or chat) and trims top-k to what was asked', async () => {
    const backend = createReplayBackend((await loadSamplePool(mini)).questions, { seed: 0 });
    const chat = await collect(backend, { prompt: [{ role: 'user', content: '2+2?' }], n: 3, topLogprobs: 1 });
    expect(chat.map((s) => s.answer).toSorted()).toEqual(['4', '5', null].toSorted());
    const withTop = chat.find((s) => s.answer === '5');
    expect(withTop?.logprobs?.[0]?.top).toEqual([{ token: '4', logprob: -0.3 }]);
    const byText = await collect(backend, { prompt: '3*3?', n: 1 });
    expect(byText[0]?.answer).toBe('9');
  });

  it('rejects a prompt no recorded question has', async () => {
    const backend = createReplayBackend((await loadSamplePool(mini)).questions);
    await expect(collect(backend, { prompt: 'What is 7*6?', n: 1 })).rejects.toThrow(InvalidInputError);
    await expect(collect(backend, { prompt: 'What is 7*6?', n: 1 })).rejects.toThrow(/no recorded question matches/);
  });

  it('returns aborted samples without consuming the recording once the signal fires', async () => {
    const { questions } = await loadSamplePool(gptOss);
    const backend = createReplayBackend(questions);
    const controller = new AbortController();
    const out: Sample[] = [];
    for await (const s of backend.generate({ prompt: '1', n: 5, signal: controller.signal })) {
      out.push(s);
      if (out.length === 2) controller.abort();
    }
    expect(out.map((s) => s.status)).toEqual(['ok', 'ok', 'aborted', 'aborted', 'aborted']);
    expect(backend.remaining('1')).toBe(98);
  });
});
