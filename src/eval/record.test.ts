import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnswerKind } from '../answers/answer-kind.js';
import { BackendError } from '../core/errors.js';
import type { Dataset } from './datasets/dataset.js';
import { newRunManifest, recordRun, sampleSeed } from './record.js';
import { readRun } from './store/run-store.js';
import { seededBackend } from './__fixtures__/seeded-backend.js';

const dataset: Dataset = {
  name: 'tiny',
  kind: 'exact',
  template: 'Q: {question}',
  items: ['q0', 'q1', 'q2', 'q3', 'q4'].map((id, i) => ({ id, question: `question ${i}`, answer: String(i % 3) })),
};
// 'exact' grading on "The answer is N." texts would be meaningless, so grade the last number.
const answers: AnswerKind = {
  name: 'last-number',
  extract: (text) => /(\d+)\.?$/.exec(text)?.[1] ?? null,
  normalize: (a) => a.trim(),
  equivalent: (a, b) => a === b,
};

const manifest = newRunManifest({
  dataset,
  ref: 'tiny',
  backend: { id: 'fake:seeded', settings: {} },
  sampling: { temperature: 1, maxTokens: 8, logprobs: false },
  seed: 42,
  n: 6,
});

const failSeed = (seed: number): boolean => seed % 5 === 0;
const tempDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'quorum-record-'));
const poolOf = (dir: string) =>
  [...readRun(dir).byQuestion.entries()].map(([q, samples]) => [q, samples.map((s) => [s.index, s.seed, s.text, s.answer])]);

describe('recordRun', () => {
  it('stores n samples per question with per-(question, index) seeds and extracted answers', async () => {
    const dir = tempDir();
    const backend = seededBackend();
    const summary = await recordRun({ backend, answerKind: answers, dir, manifest, concurrency: 3 });
    expect(summary).toEqual({ resumed: 0, generated: 30, errors: 0, retried: 0, complete: true });
    const run = readRun(dir);
    const q1 = run.byQuestion.get('q1') ?? [];
    expect(q1.map((s) => s.seed)).toEqual([0, 1, 2, 3, 4, 5].map((i) => sampleSeed(42, 'q1', i)));
    expect(q1[0]?.answer).toBe(String(sampleSeed(42, 'q1', 0) % 3));
    expect(q1[0]?.usage).toEqual({ promptTokens: 5, completionTokens: 7, calls: 1 });
  });

  it('resumes a cancelled run generating exactly the missing samples, ending with the uninterrupted pool', async () => {
    const reference = tempDir();
    await recordRun({ backend: seededBackend(), answerKind: answers, dir: reference, manifest, concurrency: 2 });

    const dir = tempDir();
    const controller = new AbortController();
    const first = await recordRun({
      backend: seededBackend({ delayMs: 2 }),
      answerKind: answers,
      dir,
      manifest,
      concurrency: 2,
      signal: controller.signal,
      onSample: ({ done }) => done === 11 && controller.abort(),
    });
    expect(first.complete).toBe(false);
    const kept = poolOf(dir);
    const storedBefore = first.generated;
    expect(storedBefore).toBeGreaterThanOrEqual(11);
    expect(storedBefore).toBeLessThan(30);

    const backend = seededBackend();
    const second = await recordRun({ backend, answerKind: answers, dir, manifest, concurrency: 2 });
    expect(second).toEqual({ resumed: storedBefore, generated: 30 - storedBefore, errors: 0, retried: 0, complete: true });
    expect(backend.calls).toHaveLength(30 - storedBefore);
    // Nothing stored before the cancel changed, and the whole pool equals an uninterrupted run's.
    const after = new Map(poolOf(dir) as [string, unknown[]][]);
    for (const [q, samples] of kept as [string, unknown[][]][]) {
      for (const s of samples) expect(after.get(q)).toContainEqual(s);
    }
    expect(poolOf(dir)).toEqual(poolOf(reference));
  });

  it('keeps failed samples as data, asks for them again on the next run, and then reads the good copy', async () => {
    const dir = tempDir();
    const summary = await recordRun({ backend: seededBackend({ failSeed }), answerKind: answers, dir, manifest, concurrency: 2 });
    const failures = dataset.items.flatMap((item) => [0, 1, 2, 3, 4, 5].filter((i) => failSeed(sampleSeed(42, item.id, i))));
    expect(failures.length).toBeGreaterThan(0);
    expect(summary).toMatchObject({ errors: failures.length, complete: false });
    expect([...readRun(dir).byQuestion.values()].flat().filter((s) => s.status === 'error')).toHaveLength(failures.length);

    const kept = await recordRun({ backend: seededBackend(), answerKind: answers, dir, manifest, concurrency: 2, retryFailed: false });
    expect(kept).toMatchObject({ generated: 0, retried: 0 });

    const backend = seededBackend();
    const again = await recordRun({ backend, answerKind: answers, dir, manifest, concurrency: 2 });
    expect(again).toEqual({ resumed: 30 - failures.length, generated: failures.length, errors: 0, retried: failures.length, complete: true });
    expect(backend.calls).toHaveLength(failures.length);
    const reference = tempDir();
    await recordRun({ backend: seededBackend(), answerKind: answers, dir: reference, manifest, concurrency: 2 });
    expect(poolOf(dir)).toEqual(poolOf(reference));
  });

  it('stops with a clear error after consecutive failures (a dead backend), keeping what was stored', async () => {
    const dir = tempDir();
    const dead = seededBackend({ failSeed: () => true });
    const failure = recordRun({ backend: dead, answerKind: answers, dir, manifest, concurrency: 2, maxConsecutiveFailures: 4 });
    await expect(failure).rejects.toThrow(/recording stopped: 4 samples in a row failed; .* re-run the same command/);
    await expect(failure).rejects.toBeInstanceOf(BackendError);
    // It gave up at the 4th failure (the one still in flight was cancelled, so not stored), not after all 30.
    expect(dead.calls.length).toBeLessThanOrEqual(5);
    expect([...readRun(dir).byQuestion.values()].flat().map((s) => s.status)).toEqual(['error', 'error', 'error', 'error']);
  });
});
