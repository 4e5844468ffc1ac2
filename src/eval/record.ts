/**
 * Recording: every question of a run × n samples through one Backend, on the engine's scheduler (a
 * flow over the missing (question, index) pairs, `concurrency` generations in flight across questions),
 * each ended sample appended to the run store at once. Sample i of question q always uses the seed
 * deriveSeed(seed, q, i) and is requested on its own, so a resumed run asks for exactly the missing
 * pairs and ends with the same pool as an uninterrupted one. A failed sample is stored (the record of
 * what happened) but is not final: a re-run asks for it again, and a later good copy replaces it.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import { readGold } from '../answers/gold.js';
import type { Backend, GenerateRequest, SamplingOptions } from '../backends/backend.js';
import { BackendError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import { recordedSampling } from '../decoding/decoding.js';
import type { StopInfo } from '../core/types.js';
import { driveLive, onBackend } from '../engine/drive-live.js';
import { Scheduler, type Flow } from '../engine/scheduler.js';
import { renderPrompt, type Dataset } from './datasets/dataset.js';
import { isCorrectAnswer } from './eval-question.js';
import { MANIFEST_VERSION, sentPrompt, type RunManifest, type RunQuestion } from './store/manifest.js';
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
  const sampling: RunManifest['sampling'] = recordedSampling({ ...options.sampling });
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
  answerKind: AnswerKind;
  /** Samples generated at once. */
  concurrency: number;
  /** Ask again for samples stored as failed. Default true. */
  retryFailed?: boolean;
  /** Stop recording after this many failed samples in a row (the backend is down or refuses the settings). Default 5. */
  maxConsecutiveFailures?: number;
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
  /** Usable samples found in the store when recording began (failed ones to retry not counted). */
  resumed: number;
  /** Samples generated and stored by this call. */
  generated: number;
  /** Of those, samples with status 'error' (stored, and asked for again by the next run). */
  errors: number;
  /** Samples stored as failed by an earlier run that this call asked for again. */
  retried: number;
  /** Whether every question now has n samples that did not fail (false after a cancellation or failures). */
  complete: boolean;
}

export const sampleSeed = (seed: number, question: string, index: number): number => deriveSeed(seed, question, index);

interface Slot {
  question: RunQuestion;
  index: number;
  seed: number;
  /** A failed copy is stored already. */
  retry: boolean;
}

/**
 * Records the run's missing samples. Rejects with a BackendError when the backend keeps failing
 * (`maxConsecutiveFailures` in a row) or a whole request is refused; the stored samples stay intact
 * either way, and re-running the same command resumes.
 */
export async function recordRun(options: RecordOptions): Promise<RecordSummary> {
  const { backend, manifest, answerKind } = options;
  const now = options.now ?? Date.now;
  const retryFailed = options.retryFailed ?? true;
  const maxFailures = options.maxConsecutiveFailures ?? 5;
  const writer = openRunForWriting(options.dir, manifest);
  const stored = writer.existing.byQuestion;
  const slots: Slot[] = manifest.dataset.questions.flatMap((question) => {
    const have = new Map((stored.get(question.id) ?? []).map((s) => [s.index, s.status]));
    return Array.from({ length: manifest.n }, (_, index) => index)
      .filter((index) => !have.has(index) || (retryFailed && have.get(index) === 'error'))
      .map((index) => ({ question, index, seed: sampleSeed(manifest.seed, question.id, index), retry: have.has(index) }));
  });
  const retried = slots.filter((s) => s.retry).length;
  const usableStored = [...stored.values()].reduce((sum, list) => sum + list.filter((s) => s.status !== 'error').length, 0);
  const sampling: SamplingOptions & { logprobs: boolean } = manifest.sampling;
  let done = 0;
  let errors = 0;
  let failedInARow = 0;
  let lastError = '';
  let next = 0;

  const flow: Flow<Slot> = {
    name: 'record',
    next: () => {
      const slot = slots[next];
      if (slot === undefined) return undefined;
      next++;
      return { stage: 'sample', request: slot };
    },
    finished(job, sample, context): StopInfo | undefined {
      // A cancelled sample is not a result: leave the slot empty so a re-run generates it.
      if (sample.status === 'aborted') return undefined;
      const { question, index, seed } = job.request;
      const answer = sample.status === 'ok' ? answerKind.extract(sample.text) : null;
      const record = toStoredSample(sample, { question: question.id, index, seed, answer, latencyMs: context.now - job.startedAt, finishedAt: context.now });
      writer.append(record);
      done++;
      const correct = isCorrectAnswer(answer, { answerKind, gold: readGold(answerKind, question.answer), question: question.question ?? question.prompt });
      options.onSample?.({ sample: record, done, todo: slots.length, resumed: usableStored, correct });
      if (sample.status !== 'error') {
        failedInARow = 0;
        return undefined;
      }
      errors++;
      failedInARow++;
      lastError = sample.error?.message ?? 'the backend reported an error without a message';
      if (context.stopping || failedInARow < maxFailures) return undefined;
      return { rule: 'failures', reason: `${failedInARow} samples in a row failed; the last: ${lastError}` };
    },
    exhausted: () => ({ rule: 'record', reason: `all ${slots.length} missing samples generated` }),
  };
  const scheduler = new Scheduler(flow, { concurrency: options.concurrency, streaming: false });
  const requestOf = (slot: Slot): GenerateRequest => ({
    ...sampling,
    prompt: sentPrompt(manifest, slot.question),
    n: 1,
    seed: slot.seed,
  });
  try {
    await driveLive(scheduler, onBackend(backend, (job) => requestOf(job.request)), { now, signal: options.signal });
  } catch (error) {
    await writer.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new BackendError(`recording stopped: ${message}. The ${usableStored + done - errors} samples stored in ${options.dir} are intact; fix the backend and re-run the same command to resume.`, {}, { cause: error });
  }
  await writer.close();
  if (scheduler.stopInfo?.rule === 'failures') {
    throw new BackendError(
      `recording stopped: ${scheduler.stopInfo.reason}. The ${usableStored + done - errors} usable samples stored in ${options.dir} are intact; failed ones are asked for again when you re-run the same command.`,
    );
  }
  return { resumed: usableStored, generated: done, errors, retried, complete: done - errors === slots.length };
}
