import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../core/errors.js';
import { sharedPath, TEST_OUTPUT_DIR } from '../../test/shared.js';
import { loadSamplePool, parseSamplePool } from './load-sample-pool.js';
import { toQuorumLine, writeQuorumJsonl } from './write-quorum-jsonl.js';
import { getAnswerKind } from '../answers/registry.js';

const fixture = (name: string): string => path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', name);
const boinfDir = sharedPath('data', 'samples', 'boinf');
const toyArith = sharedPath('models', 'toy-arith', 'dev-samples.jsonl');

/** The FileFormatError a load throws (fails the test if it resolves). */
async function loadError(file: string, options = {}): Promise<FileFormatError> {
  const error = await loadSamplePool(file, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileFormatError);
  return error as FileFormatError;
}

describe('BoInf recordings', () => {
  it('loads every shared file with all its samples; "" and null answers become abstentions', async () => {
    const files = readdirSync(boinfDir).filter((f) => f.endsWith('.jsonl'));
    expect(files).toHaveLength(17);
    for (const file of files) {
      const pool = await loadSamplePool(path.join(boinfDir, file));
      expect(pool.format).toBe('boinf');
      expect(pool.questions.length).toBeGreaterThanOrEqual(30);
      for (const q of pool.questions) {
        expect(q.samples.length).toBeGreaterThanOrEqual(80);
        expect(q.tokensKnown).toBe(true);
        expect(q.samples.every((s) => s.answer !== '' && s.usage.completionTokens === s.tokens)).toBe(true);
        // A few recordings have 0-token samples (failed generations); every one of them is an abstention.
        expect(q.samples.filter((s) => s.tokens === 0).every((s) => s.answer === null)).toBe(true);
      }
    }
  });

  it('keeps the recorded answers and token counts in order', async () => {
    const pool = await loadSamplePool(path.join(boinfDir, 'analysis_aime2025_gpt-oss-20b.jsonl'));
    const first = pool.questions[0]!;
    expect(first).toMatchObject({ id: '0', gold: '70' });
    expect(first.samples.slice(0, 3).map((s) => [s.answer, s.tokens])).toEqual([
      ['70', 836],
      ['70', 714],
      ['70', 1645],
    ]);
    const abstentions = pool.questions.flatMap((q) => q.samples).filter((s) => s.answer === null);
    expect(abstentions).toHaveLength(16); // 11 "" and 5 null in the file
  });
});

describe('toy-arith recordings', () => {
  it('groups lines by problem id and keeps the chosen mode, with logprobs as tokens', async () => {
    const pool = await loadSamplePool(toyArith);
    expect(pool.format).toBe('toy-arith');
    expect(pool.questions).toHaveLength(200);
    const q = pool.questions[0]!;
    expect(q).toMatchObject({ id: 'dev-000', gold: '78', tokensKnown: true });
    expect(q.samples).toHaveLength(16);
    for (const s of q.samples) {
      expect(s.logprobs).toHaveLength(s.tokens);
      expect(s.tokensCountedFrom).toBe('logprobs');
    }
    const both = await loadSamplePool(toyArith, { modes: ['T0.8', 'T1'] });
    expect(both.questions[0]!.samples).toHaveLength(32);
  });

  it('names the modes the file has when asked for one it lacks', async () => {
    const error = await loadError(toyArith, { modes: ['T0.7'] });
    expect(error.message).toMatch(/no samples with mode T0\.7.*greedy, T0\.8, T1/);
  });
});

describe('qwen25 recordings', () => {
  it('extracts answers from the texts, keeps reward scores and says tokens are unknown', async () => {
    const pool = await loadSamplePool(sharedPath('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl'));
    expect(pool.format).toBe('qwen25');
    expect(pool.questions).toHaveLength(100);
    const q = pool.questions[0]!;
    expect(q).toMatchObject({ id: '0', gold: '420', tokensKnown: false });
    expect(q.samples).toHaveLength(8);
    expect(q.samples[0]!.score).toBeCloseTo(3.546875);
    expect(q.samples[0]!.answer).toBe('420');
    expect(q.samples.every((s) => s.tokens === 0 && s.tokensCountedFrom === 'unknown')).toBe(true);
    expect(q.prompt).toEqual([
      { role: 'system', content: expect.stringContaining('\\boxed{}') },
      { role: 'user', content: expect.stringContaining('10.0000198') },
    ]);
  });
});

describe('quorum JSONL', () => {
  it('reads every sample field, chat and string prompts, and unknown token counts', async () => {
    const pool = await loadSamplePool(fixture('mini.quorum.jsonl'));
    expect(pool.format).toBe('quorum');
    const [q1, q2] = pool.questions as [(typeof pool.questions)[0], (typeof pool.questions)[0]];
    expect(q1.tokensKnown).toBe(true);
    expect(q1.samples.map((s) => [s.answer, s.tokens, s.status])).toEqual([
      ['4', 3, 'ok'],
      ['5', 2, 'ok'],
      [null, 7, 'error'],
    ]);
    expect(q1.samples[0]!.logprobs).toEqual([{ text: '', logprob: -0.1 }, { text: '', logprob: -0.2 }, { text: '', logprob: -0.05 }]);
    expect(q1.samples[1]!.logprobs?.[0]?.top).toHaveLength(2);
    expect(q1.samples[2]).toMatchObject({ finishReason: 'error', error: { message: 'server said 500' } });
    expect(q2).toMatchObject({ id: '2', gold: '9', prompt: '3*3?', tokensKnown: false });
    expect(q2.samples[1]!.usage.promptTokens).toBe(4);
    expect(q2.samples.map((s) => s.tokensCountedFrom)).toEqual(['unknown', 'unknown']);
    expect(q1.samples[0]!.tokensCountedFrom).toBeUndefined();
  });

  it('loads empty texts, bare samples and failed ones as samples that do not vote', () => {
    const line = JSON.stringify({ id: 'e', gold: '4', answers: 'math', samples: [{ text: '' }, {}, { text: '\\boxed{4}', status: 'error' }, { text: '\\boxed{4}' }] });
    const [question] = parseSamplePool('empty-texts.jsonl', line).questions;
    expect(question?.samples.map((s) => [s.text, s.status, s.answer])).toEqual([
      ['', 'ok', null],
      ['', 'ok', null],
      ['\\boxed{4}', 'error', null],
      ['\\boxed{4}', 'ok', '4'],
    ]);
  });

  it('reads golds like samples, and names the question whose gold the kind cannot read', async () => {
    const golds = ['#### 42', '\\boxed{42}', 'The answer is 42', 42].map((gold, i) => JSON.stringify({ id: `g${i}`, gold, answers: 'math', samples: [] }));
    expect(parseSamplePool('golds.jsonl', golds.join('\n')).questions.map((q) => q.gold)).toEqual(['42', '42', '42', '42']);
    const maybe = JSON.stringify({ id: 'q7', gold: 'maybe', answers: 'yes-no', samples: [] });
    expect(() => parseSamplePool('x.jsonl', maybe)).toThrow(/x\.jsonl:1: field "gold": question "q7": the gold answer "maybe" cannot be read as a yes-no answer/);
    const wrongKind = await loadError(path.join(boinfDir, 'analysis_aime2025_gpt-oss-20b.jsonl'), { answers: getAnswerKind('choice') });
    expect(wrongKind.message).toMatch(/analysis_aime2025_gpt-oss-20b\.jsonl:1: field "gold_answer": question "0": the gold answer "70" cannot be read as a choice answer/);
  });

  it('keeps a failed sample\'s error class, calls and source through a write and a read', () => {
    const line = JSON.stringify({ id: 'r', samples: [{ text: '', tokens: 0, calls: 0, status: 'error', error: 'HTTP 429', errorName: 'RateLimitError', source: 'b' }] });
    const [question] = parseSamplePool('r.jsonl', line).questions;
    const sample = question?.samples[0];
    expect(sample).toMatchObject({ status: 'error', finishReason: 'error', usage: { calls: 0 }, source: 'b', error: { name: 'RateLimitError', message: 'HTTP 429' } });
    expect(parseSamplePool('r2.jsonl', toQuorumLine(question!)).questions).toEqual([question]);
  });

  it('round-trips a recording through writeQuorumJsonl', async () => {
    const original = await loadSamplePool(toyArith);
    const some = original.questions.slice(0, 5);
    await mkdir(TEST_OUTPUT_DIR, { recursive: true });
    const file = path.join(TEST_OUTPUT_DIR, 'toy-arith-roundtrip.jsonl');
    await writeQuorumJsonl(file, some);
    const copy = await loadSamplePool(file);
    expect(copy.format).toBe('quorum');
    expect(copy.questions).toEqual(some);

    const mini = await loadSamplePool(fixture('mini.quorum.jsonl'));
    const file2 = path.join(TEST_OUTPUT_DIR, 'mini-roundtrip.jsonl');
    await writeQuorumJsonl(file2, mini.questions);
    expect((await loadSamplePool(file2)).questions).toEqual(mini.questions);
  });
});

describe('bad files', () => {
  it('a missing file names the file and says what was expected', async () => {
    const error = await loadError('/nonexistent/samples.jsonl');
    expect(error.file).toBe('/nonexistent/samples.jsonl');
    expect(error.message).toMatch(/no such file; expected a JSONL file of recorded samples/);
  });

  it('invalid JSON names the line', async () => {
    const error = await loadError(fixture('garbled-json.jsonl'));
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/garbled-json\.jsonl:2: invalid JSON.*expected one JSON object per line/);
  });

  it('a malformed field names the line, the item and the expected shape', async () => {
    const error = await loadError(fixture('bad-pair.jsonl'));
    expect(error.line).toBe(3);
    expect(error.message).toContain('field "all_answers" item 1: expected [answer: string or null, tokens: non-negative integer]');
  });

  it('an unrecognised line lists the formats it could have been', async () => {
    const error = await loadError(fixture('unknown-format.jsonl'));
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/unrecognised.*quorum line.*BoInf line.*qwen25 line.*toy-arith line/);
  });

  it('rejects duplicate ids, bad logprobs and empty files with their line', () => {
    const dup = '{"id":"a","samples":[{"text":"1"}]}\n{"id":"a","samples":[]}\n';
    expect(() => parseSamplePool('dup.jsonl', dup)).toThrow(/dup\.jsonl:2: field "id": expected an id not used on an earlier line/);
    const lp = '{"id":"a","samples":[{"text":"1","tokens":1,"logprobs":["x"]}]}\n';
    expect(() => parseSamplePool('lp.jsonl', lp)).toThrow(/lp\.jsonl:1: sample 0 field "logprobs" item 0: expected a number/);
    expect(() => parseSamplePool('empty.jsonl', '\n\n')).toThrow(/empty\.jsonl: the file is empty/);
  });
});
