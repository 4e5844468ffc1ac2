import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError, InvalidInputError } from '../../core/errors.js';
import type { RunManifest } from './manifest.js';
import { resolveAnswerKind } from '../datasets/answer-kinds.js';
import { runPool } from './run-pool.js';
import { openRunForWriting, readRun } from './run-store.js';
import { fromStoredSample, type StoredSample } from '../../recordings/stored-sample.js';

const runQuestion = (id: string) => ({ id, answer: '1', prompt: `Q ${id}` });
const tempDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'quorum-store-'));

const manifest = (overrides: Partial<RunManifest> = {}): RunManifest => ({
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  dataset: { ref: 'toy', kind: 'exact', template: '{question}', questions: ['a', 'b'].map(runQuestion) },
  backend: { id: 'fake', settings: { model: 'm' } },
  sampling: { temperature: 1, maxTokens: 8, logprobs: false },
  seed: 1,
  n: 2,
  ...overrides,
});

const sample = (question: string, index: number): StoredSample => ({
  question,
  index,
  seed: index,
  text: `text ${question}${index}`,
  answer: String(index),
  tokens: 3,
  promptTokens: 1,
  finishReason: 'stop',
  status: 'ok',
  latencyMs: 5,
  finishedAt: 1,
});

const failed = (question: string, index: number): StoredSample => ({ ...sample(question, index), text: '', answer: null, status: 'error', finishReason: 'error', error: 'down' });

describe('run store', () => {
  it('evaluates a partial run on the questions it recorded, leaving out the ones with no sample yet', async () => {
    const dir = tempDir();
    const writer = openRunForWriting(dir, manifest());
    writer.append(sample('a', 0));
    await writer.close();
    const { questions } = runPool(readRun(dir));
    expect(questions.map((q) => [q.id, q.samples.length])).toEqual([['a', 1]]);
    expect(questions[0]?.samples[0]?.answer).toBe('text a0');
  });

  it('leaves failed samples out of the pool, and counts the questions left with no usable sample', async () => {
    const dir = tempDir();
    const writer = openRunForWriting(dir, manifest());
    for (const s of [sample('a', 0), failed('a', 1), failed('b', 0), failed('b', 1)]) writer.append(s);
    await writer.close();
    const pool = runPool(readRun(dir));
    expect(pool.questions.map((q) => [q.id, q.samples.map((s) => s.index)])).toEqual([['a', [0]]]);
    expect(pool.withoutUsableSample).toBe(1);
  });

  it('keeps every appended sample, grouped by question in index order', async () => {
    const dir = tempDir();
    const writer = openRunForWriting(dir, manifest());
    for (const s of [sample('b', 1), sample('a', 1), sample('a', 0)]) writer.append(s);
    await writer.close();
    const run = readRun(dir);
    expect(run.byQuestion.get('a')?.map((s) => s.index)).toEqual([0, 1]);
    expect(run.byQuestion.get('b')).toEqual([sample('b', 1)]);
    expect(run.tornTail).toBe(false);
  });

  it('drops a torn last line from a kill and cuts it off before appending again', async () => {
    const dir = tempDir();
    const writer = openRunForWriting(dir, manifest());
    writer.append(sample('a', 0));
    await writer.close();
    const file = path.join(dir, 'samples.jsonl');
    appendFileSync(file, JSON.stringify(sample('a', 1)).slice(0, 40));
    expect(readRun(dir)).toMatchObject({ tornTail: true });
    expect(readRun(dir).byQuestion.get('a')).toHaveLength(1);

    const again = openRunForWriting(dir, manifest());
    expect(again.existing.tornTail).toBe(false);
    again.append(sample('a', 1));
    await again.close();
    expect(readRun(dir).byQuestion.get('a')).toEqual([sample('a', 0), sample('a', 1)]);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
  });

  it('rejects damage before the last line, naming the line', async () => {
    const dir = tempDir();
    const writer = openRunForWriting(dir, manifest());
    writer.append(sample('a', 0));
    await writer.close();
    const file = path.join(dir, 'samples.jsonl');
    writeFileSync(file, `{"broken\n${JSON.stringify(sample('a', 1))}\n`);
    expect(() => readRun(dir)).toThrow(FileFormatError);
    expect(() => readRun(dir)).toThrow(/samples\.jsonl:1: invalid JSON.*the run store is damaged/);
    // A whole JSON line that is not a stored sample names the field.
    writeFileSync(file, `${JSON.stringify({ ...sample('a', 0), tokens: -1 })}\n${JSON.stringify(sample('a', 1))}\n`);
    expect(() => readRun(dir)).toThrow(/samples\.jsonl:1: stored sample field "tokens": expected a non-negative integer, got -1; the run store is damaged/);
  });

  it('reads lines of run folders written before the shared sample record', async () => {
    const dir = tempDir();
    await openRunForWriting(dir, manifest()).close();
    const earlier = {
      question: 'a', index: 0, seed: 0, text: 'x', answer: 'x', tokens: 3, usage: { promptTokens: 2, completionTokens: 3, calls: 1 },
      finishReason: 'error', status: 'error', error: { name: 'RateLimitError', message: 'HTTP 429' }, latencyMs: 5, finishedAt: 1,
    };
    writeFileSync(path.join(dir, 'samples.jsonl'), `${JSON.stringify(earlier)}\n`);
    const run = readRun(dir);
    const stored = run.byQuestion.get('a')?.[0];
    if (stored === undefined) throw new Error('the earlier line was not read');
    const read = fromStoredSample(stored, resolveAnswerKind(run.manifest.dataset.kind));
    expect(read).toMatchObject({ status: 'error', answer: null, usage: { promptTokens: 2, completionTokens: 3, calls: 1 } });
    expect(read?.error).toMatchObject({ name: 'RateLimitError', message: 'HTTP 429' });
  });

  it('refuses to add samples made with other settings, and says which differ', async () => {
    const dir = tempDir();
    await openRunForWriting(dir, manifest()).close();
    const other = manifest({ sampling: { temperature: 0.5, maxTokens: 8, logprobs: false } });
    expect(() => openRunForWriting(dir, other)).toThrow(InvalidInputError);
    expect(() => openRunForWriting(dir, other)).toThrow(/sampling\.temperature \(stored 1, requested 0\.5\)/);
  });

  it('lets a run grow in samples per question and in questions', async () => {
    const dir = tempDir();
    await openRunForWriting(dir, manifest()).close();
    await openRunForWriting(dir, manifest({ n: 4, dataset: { ref: 'toy', kind: 'exact', template: '{question}', questions: ['a', 'c'].map(runQuestion) } })).close();
    expect(readRun(dir).manifest).toMatchObject({ n: 4, dataset: { questions: ['a', 'b', 'c'].map(runQuestion) } });
  });

  it('says how to make a run when the folder is not one', async () => {
    expect(() => readRun(tempDir())).toThrow(/not a run folder.*quorum eval --dataset/);
  });
});
