/**
 * A run folder as the evaluator's pool: one EvalQuestion per recorded question, its usable stored
 * samples in index order, graded with the run's answer kind. Everything comes from the folder itself.
 * A failed sample (the backend's error, kept for the record and retried by a re-run) is not a result,
 * so it never enters the pool; questions with no usable sample yet (none recorded, or every one
 * failed) are left out and counted. A partial run is measured on what it recorded, the same way by
 * `quorum eval --run` and `quorum report`. Feedback calls recorded with the run (calls.jsonl) come
 * along, so loops and checks replay.
 */
import type { AnswerKind } from '../../answers/answer-kind.js';
import { readGold, unreadableGold } from '../../answers/gold.js';
import { InvalidInputError } from '../../core/errors.js';
import { loadSamplePool } from '../../recordings/load-sample-pool.js';
import { fromStoredSample } from '../../recordings/stored-sample.js';
import { resolveAnswerKind } from '../datasets/answer-kinds.js';
import type { EvalQuestion } from '../eval-question.js';
import type { LoadedPool, PoolSource } from '../pool-source.js';
import { sentPrompt } from './manifest.js';
import { readCalls } from './call-log.js';
import { isRunDir, readRun, type StoredRun } from './run-store.js';

export interface RunPool {
  questions: EvalQuestion[];
  /** Questions with stored samples of which none is usable: every one failed. */
  withoutUsableSample: number;
}

/** `answers` replaces the run's own kind (its dataset's), e.g. to grade by another checker. */
export function runPool(run: StoredRun, answers: AnswerKind = resolveAnswerKind(run.manifest.dataset.kind)): RunPool {
  const questions: EvalQuestion[] = [];
  const calls = readCalls(run.dir, answers);
  let withoutUsableSample = 0;
  for (const question of run.manifest.dataset.questions) {
    const stored = run.byQuestion.get(question.id) ?? [];
    const usable = stored.filter((sample) => sample.status !== 'error');
    if (usable.length === 0) {
      if (stored.length > 0) withoutUsableSample++;
      continue;
    }
    const gold = readGold(answers, question.answer);
    if (gold === null && answers.check === undefined) throw new InvalidInputError(`${run.dir}: ${unreadableGold(answers, question.answer, question.id)}`);
    const samples = usable.map((sample) => fromStoredSample(sample, answers));
    const recordedCalls = calls.get(question.id);
    questions.push({
      id: question.id,
      gold,
      answerKind: answers,
      samples,
      tokensKnown: true,
      prompt: sentPrompt(run.manifest, question),
      question: question.question ?? question.prompt,
      ...(recordedCalls !== undefined && { calls: recordedCalls }),
    });
  }
  return { questions, withoutUsableSample };
}

/** One evaluator source per run folder (`quorum eval --run`). */
export const runSources = (dirs: readonly string[], answers?: AnswerKind): PoolSource[] =>
  dirs.map((dir) => ({
    name: dir,
    load: async () => ({ name: dir, format: 'run', ...runPool(readRun(dir), answers) }),
  }));

/** A run folder or a recorded-samples file (any format), whichever `target` is. */
export async function loadRunOrRecording(target: string): Promise<LoadedPool> {
  if (isRunDir(target)) return { name: target, format: 'run', ...runPool(readRun(target)) };
  const pool = await loadSamplePool(target);
  return { name: target, format: pool.format, questions: pool.questions };
}
