/**
 * A run folder as the evaluator's pool: one EvalQuestion per recorded question, its stored samples in
 * index order, graded with the run's answer kind. Everything comes from the folder itself. Questions
 * with no stored sample yet (a run stopped part-way) are left out: a partial run is measured on what
 * it recorded, the same way by `quorum eval --run` and `quorum report`.
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
import { isRunDir, readRun, type StoredRun } from './run-store.js';

/** `answers` replaces the run's own kind (its dataset's), e.g. to grade by another checker. */
export function runQuestions(run: StoredRun, answers: AnswerKind = resolveAnswerKind(run.manifest.dataset.kind)): EvalQuestion[] {
  const recorded = run.manifest.dataset.questions.filter((question) => (run.byQuestion.get(question.id)?.length ?? 0) > 0);
  return recorded.map((question) => {
    const samples = (run.byQuestion.get(question.id) ?? []).map((stored) => fromStoredSample(stored, answers));
    const gold = readGold(answers, question.answer);
    if (gold === null && answers.check === undefined) throw new InvalidInputError(`${run.dir}: ${unreadableGold(answers, question.answer, question.id)}`);
    return { id: question.id, gold, answerKind: answers, samples, tokensKnown: true, prompt: sentPrompt(run.manifest, question), question: question.question ?? question.prompt };
  });
}

/** One evaluator source per run folder (`quorum eval --run`). */
export const runSources = (dirs: readonly string[], answers?: AnswerKind): PoolSource[] =>
  dirs.map((dir) => ({
    name: dir,
    load: async () => ({ name: dir, format: 'run', questions: runQuestions(readRun(dir), answers) }),
  }));

/** A run folder or a recorded-samples file (any format), whichever `target` is. */
export async function loadRunOrRecording(target: string): Promise<LoadedPool> {
  if (isRunDir(target)) return { name: target, format: 'run', questions: runQuestions(readRun(target)) };
  const pool = await loadSamplePool(target);
  return { name: target, format: pool.format, questions: pool.questions };
}
