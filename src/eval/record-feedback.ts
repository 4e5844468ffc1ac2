/**
 * Recording a run's self-feedback: after its samples are stored, a loop runs over each question's
 * stored samples — its solve calls answered from the store, every other call (step checks,
 * verifications, critiques, revisions) made through the backend and appended to `calls.jsonl` with its
 * prompt. Calls already stored are answered from there, so a stopped recording resumes without
 * repeating them. The default loop, refine with every revision checked, makes the calls of verify,
 * solve-detect-verify and refine up to its rounds, so `quorum eval --run` replays them all.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Backend } from '../backends/backend.js';
import { BackendError } from '../core/errors.js';
import { createPool } from '../core/pool.js';
import { deriveSeed } from '../core/rng.js';
import type { Sample } from '../core/types.js';
import { feedbackProcedure, loopInput } from '../engine/solve-feedback.js';
import { errorSample, runStagedLive } from '../engine/run-staged.js';
import type { FeedbackOptions } from '../feedback/feedback-options.js';
import { majority } from '../strategies/majority.js';
import { replyKey } from './recorded-replies.js';
import { openCallLog, readCalls } from './store/call-log.js';
import { sentPrompt } from './store/manifest.js';
import { readRun } from './store/run-store.js';
import { fromStoredSample, toStoredSample } from '../recordings/stored-sample.js';

export interface RecordFeedbackOptions {
  backend: Backend;
  dir: string;
  answerKind: AnswerKind;
  feedback: FeedbackOptions;
  /** Calls in flight at once, across questions. */
  concurrency: number;
  signal?: AbortSignal;
  onQuestion?: (done: number, total: number) => void;
}

export interface FeedbackRecordSummary {
  questions: number;
  /** Calls made and stored by this recording, and calls answered from the store. */
  generated: number;
  reused: number;
}

export async function recordFeedback(options: RecordFeedbackOptions): Promise<FeedbackRecordSummary> {
  const run = readRun(options.dir);
  const stored = readCalls(options.dir, options.answerKind);
  const log = openCallLog(options.dir);
  const pool = createPool(Math.max(1, Math.ceil(options.concurrency / 4)));
  const questions = run.manifest.dataset.questions.filter((q) => (run.byQuestion.get(q.id)?.length ?? 0) > 0);
  let generated = 0;
  let reused = 0;
  let done = 0;
  try {
    await Promise.all(
      questions.map((question) =>
        pool.run(async () => {
          const prompt = sentPrompt(run.manifest, question);
          const samples = (run.byQuestion.get(question.id) ?? []).map((sample) => fromStoredSample(sample, options.answerKind));
          const seed = deriveSeed(run.manifest.seed, question.id, 'feedback');
          const solveSeeds = new Map(samples.map((_, i) => [deriveSeed(seed, 'sample', i), i]));
          const known = new Map((stored.get(question.id) ?? []).map((c) => [replyKey(c.prompt, c.seed === undefined ? 0 : 1, c.seed), c.reply]));
          const fresh = new WeakSet<Sample>();
          const backend: Backend = {
            id: options.backend.id,
            capabilities: options.backend.capabilities,
            async *generate(request) {
              const ordinal = request.seed === undefined ? undefined : solveSeeds.get(request.seed);
              if (ordinal !== undefined && JSON.stringify(request.prompt) === JSON.stringify(prompt)) {
                yield samples[ordinal] ?? errorSample(new BackendError(`question ${question.id} has no stored sample ${ordinal}`));
                return;
              }
              const recorded = known.get(replyKey(request.prompt, request.temperature, request.seed));
              if (recorded !== undefined) {
                reused++;
                yield recorded;
                return;
              }
              for await (const sample of options.backend.generate(request)) {
                fresh.add(sample);
                yield sample;
              }
            },
          };
          const input = loopInput({ backend, prompt, answerKind: options.answerKind, strategy: majority(), maxSamples: samples.length, seed, sampling: run.manifest.sampling }, options.feedback);
          await runStagedLive(feedbackProcedure(input, options.feedback, samples.length), {
            backend,
            concurrency: options.concurrency,
            signal: options.signal,
            name: 'record-feedback',
            onCall: (call, sample) => {
              if (!fresh.has(sample) || sample.status === 'aborted') return;
              generated++;
              const sampled = (call.sampling.temperature ?? 0) > 0;
              const reply = toStoredSample(sample, { question: question.id, index: 0, seed: call.sampling.seed ?? 0, answer: null, latencyMs: sample.latencyMs ?? 0, finishedAt: Date.now() });
              log.append({ question: question.id, stage: call.stage, prompt: call.prompt, ...(sampled && { seed: call.sampling.seed as number }), reply });
            },
          });
          options.onQuestion?.(++done, questions.length);
        }),
      ),
    );
  } finally {
    await log.close();
  }
  return { questions: questions.length, generated, reused };
}
