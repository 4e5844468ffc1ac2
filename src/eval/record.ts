/**
 * Recording: every question × n samples through one Backend, each finished sample appended to the run
 * store at once. Sample i of question q always uses the seed deriveSeed(seed, q, i) and is requested
 * on its own, so a resumed run asks for exactly the missing (q, i) pairs and ends with the same pool as
 * an uninterrupted one.
 */
import type { Backend } from '../backends/backend.js';
import { AbortError } from '../core/errors.js';
import { createPool } from '../core/pool.js';
import { deriveSeed } from '../core/rng.js';
import type { RunManifest } from './store/manifest.js';
import { openRunForWriting } from './store/run-store.js';
import { toStoredSample, type StoredSample } from './store/stored-sample.js';
import { datasetAnswerKind, renderPrompt, type Dataset } from './datasets/dataset.js';

export interface RecordOptions {
  backend: Backend;
  dataset: Dataset;
  /** The run folder. */
  dir: string;
  /** What the manifest records; its `n`, `seed` and `sampling` drive generation. */
  manifest: RunManifest;
  /** Samples generated at once. */
  concurrency: number;
  signal?: AbortSignal;
  /** Called after each stored sample (for progress bars). */
  onSample?: (event: RecordProgress) => void;
  now?: () => number;
}

export interface RecordProgress {
  sample: StoredSample;
  /** Samples stored by this call so far / to generate in this call. */
  done: number;
  todo: number;
  /** Samples already in the store when this call began. */
  resumed: number;
  correct: boolean;
}

export interface RecordSummary {
  /** Samples found in the store when recording began. */
  resumed: number;
  /** Samples generated and stored by this call. */
  generated: number;
  /** Of those, samples with status 'error' (kept in the store, not retried). */
  errors: number;
  /** Whether every question now has n samples (false after a cancellation). */
  complete: boolean;
}

export const sampleSeed = (seed: number, question: string, index: number): number => deriveSeed(seed, question, index);

export async function recordRun(options: RecordOptions): Promise<RecordSummary> {
  const { backend, dataset, manifest } = options;
  const now = options.now ?? Date.now;
  const answers = datasetAnswerKind(dataset);
  const writer = openRunForWriting(options.dir, manifest);
  const resumed = [...writer.existing.byQuestion.values()].reduce((sum, list) => sum + list.length, 0);
  const missing = dataset.items.flatMap((item) => {
    const have = new Set((writer.existing.byQuestion.get(item.id) ?? []).map((s) => s.index));
    return Array.from({ length: manifest.n }, (_, index) => index).filter((index) => !have.has(index)).map((index) => ({ item, index }));
  });
  const expected = dataset.items.length * manifest.n;
  const pool = createPool(options.concurrency);
  let done = 0;
  let errors = 0;
  const generateOne = async ({ item, index }: (typeof missing)[number]): Promise<void> => {
    const seed = sampleSeed(manifest.seed, item.id, index);
    const gold = answers.normalize(item.answer);
    const started = now();
    const request = { ...manifest.sampling, prompt: renderPrompt(dataset.template, item), n: 1, seed };
    if (options.signal !== undefined) Object.assign(request, { signal: options.signal });
    for await (const sample of backend.generate(request)) {
      // A cancelled sample is not a result: leave the slot empty so a re-run generates it.
      if (sample.status === 'aborted') continue;
      const finishedAt = now();
      const answer = sample.status === 'ok' ? answers.extract(sample.text) : null;
      const stored = toStoredSample(sample, { question: item.id, index, seed, answer, latencyMs: finishedAt - started, finishedAt });
      writer.append(stored);
      done++;
      if (sample.status === 'error') errors++;
      const correct = answer !== null && gold !== null && answers.equivalent(answer, gold);
      options.onSample?.({ sample: stored, done, todo: missing.length, resumed, correct });
    }
  };
  // Wait for every task, even after a failure, so no sample in flight is lost before the log closes.
  const outcomes = await Promise.allSettled(missing.map((task) => pool.run(() => generateOne(task), options.signal)));
  writer.close();
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected' && !(o.reason instanceof AbortError));
  if (failure !== undefined) throw failure.reason;
  return { resumed, generated: done, errors, complete: resumed + done === expected };
}
