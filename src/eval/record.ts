/**
 * Recording: every question of a run × n samples through one Backend, each finished sample appended to
 * the run store at once. Sample i of question q always uses the seed deriveSeed(seed, q, i) and is
 * requested on its own, so a resumed run asks for exactly the missing (q, i) pairs and ends with the
 * same pool as an uninterrupted one.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Backend, SamplingOptions } from '../backends/backend.js';
import { AbortError } from '../core/errors.js';
import { createPool } from '../core/pool.js';
import { deriveSeed } from '../core/rng.js';
import type { Prompt } from '../core/types.js';
import { renderPrompt, type Dataset } from './datasets/dataset.js';
import { MANIFEST_VERSION, type RunManifest, type RunQuestion } from './store/manifest.js';
import { openRunForWriting } from './store/run-store.js';
import { toStoredSample, type StoredSample } from '../recordings/stored-sample.js';

export interface NewRunOptions {
  dataset: Dataset;
  /** What the user named the dataset by (a registered name or a file). */
  ref: string;
  backend: RunManifest['backend'];
  sampling: RunManifest['sampling'];
  seed: number;
  n: number;
  /** Send each prompt as one user chat message instead of raw text. */
  chat?: boolean;
  now?: () => number;
}

/** The manifest of a run over a dataset: prompts rendered now, so the run no longer needs the dataset. */
export function newRunManifest(options: NewRunOptions): RunManifest {
  const { dataset } = options;
  const questions = dataset.items.map((item): RunQuestion => ({ id: item.id, answer: item.answer, prompt: renderPrompt(dataset.template, item), question: item.question }));
  const sampling: RunManifest['sampling'] = { ...options.sampling };
  if (sampling.stopSequences === undefined && dataset.stop !== undefined) sampling.stopSequences = dataset.stop;
  return {
    version: MANIFEST_VERSION,
    createdAt: new Date((options.now ?? Date.now)()).toISOString(),
    dataset: { ref: options.ref, kind: dataset.kind, template: dataset.template, ...(options.chat === true && { chat: true }), questions },
    backend: options.backend,
    sampling,
    seed: options.seed,
    n: options.n,
  };
}

export interface RecordOptions {
  backend: Backend;
  /** The run folder. */
  dir: string;
  /** The run asked for: its questions, `n`, `seed` and `sampling` drive generation. */
  manifest: RunManifest;
  /** Extracts answers as samples arrive (for running accuracy; evaluation extracts again). */
  answers: AnswerKind;
  /** Samples generated at once. */
  concurrency: number;
  signal?: AbortSignal;
  /** Called after each stored sample (for progress bars). */
  onSample?: (event: RecordProgress) => void;
  now?: () => number;
}

export interface RecordProgress {
  sample: StoredSample;
  /** Samples stored by this call so far, and how many it has to generate. */
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
  const { backend, manifest, answers } = options;
  const now = options.now ?? Date.now;
  const writer = openRunForWriting(options.dir, manifest);
  const stored = writer.existing.byQuestion;
  const resumed = [...stored.values()].reduce((sum, list) => sum + list.length, 0);
  const missing = manifest.dataset.questions.flatMap((question) => {
    const have = new Set((stored.get(question.id) ?? []).map((s) => s.index));
    return Array.from({ length: manifest.n }, (_, index) => index).filter((index) => !have.has(index)).map((index) => ({ question, index }));
  });
  const pool = createPool(options.concurrency);
  let done = 0;
  let errors = 0;
  const generateOne = async ({ question, index }: (typeof missing)[number]): Promise<void> => {
    // Checked here rather than by the pool, so thousands of waiting tasks add no abort listeners.
    if (options.signal?.aborted) return;
    const seed = sampleSeed(manifest.seed, question.id, index);
    const gold = answers.normalize(question.answer);
    const started = now();
    const sampling: SamplingOptions & { logprobs: boolean } = manifest.sampling;
    const prompt: Prompt = manifest.dataset.chat === true ? [{ role: 'user', content: question.prompt }] : question.prompt;
    const request = { ...sampling, prompt, n: 1, seed, ...(options.signal && { signal: options.signal }) };
    for await (const sample of backend.generate(request)) {
      // A cancelled sample is not a result: leave the slot empty so a re-run generates it.
      if (sample.status === 'aborted') continue;
      const finishedAt = now();
      const answer = sample.status === 'ok' ? answers.extract(sample.text) : null;
      const record = toStoredSample(sample, { question: question.id, index, seed, answer, latencyMs: finishedAt - started, finishedAt });
      writer.append(record);
      done++;
      if (sample.status === 'error') errors++;
      const correct = answer !== null && gold !== null && answers.equivalent(answer, gold);
      options.onSample?.({ sample: record, done, todo: missing.length, resumed, correct });
    }
  };
  // Wait for every task, even after a failure, so no sample in flight is lost before the log closes.
  const outcomes = await Promise.allSettled(missing.map((task) => pool.run(() => generateOne(task))));
  await writer.close();
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected' && !(o.reason instanceof AbortError));
  if (failure !== undefined) throw failure.reason;
  return { resumed, generated: done, errors, complete: done === missing.length };
}
