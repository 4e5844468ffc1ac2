/**
 * A run folder as the evaluator's pool: one EvalQuestion per recorded question, its usable stored
 * samples in index order, graded with the run's answer kind. Everything comes from the folder itself.
 * A failed sample (the backend's error, kept for the record and retried by a re-run) is not a result,
 * so it never enters the pool; questions with no usable sample yet (none recorded, or every one
 * failed) are left out and counted. A partial run is measured on what it recorded, the same way by
 * `quorum eval --run` and `quorum report`.
 */
import { resolveAnswerKind } from '../datasets/answer-kinds.js';
import type { EvalQuestion } from '../eval-question.js';
import type { PoolSource } from '../pool-source.js';
import { readRun, type StoredRun } from './run-store.js';
import { fromStoredSample } from './stored-sample.js';

export interface RunPool {
  questions: EvalQuestion[];
  /** Questions with stored samples of which none is usable: every one failed. */
  withoutUsableSample: number;
}

export function runPool(run: StoredRun): RunPool {
  const answers = resolveAnswerKind(run.manifest.dataset.kind);
  const questions: EvalQuestion[] = [];
  let withoutUsableSample = 0;
  for (const question of run.manifest.dataset.questions) {
    const stored = run.byQuestion.get(question.id) ?? [];
    const usable = stored.filter((sample) => sample.status !== 'error');
    if (usable.length === 0) {
      if (stored.length > 0) withoutUsableSample++;
      continue;
    }
    const samples = usable.map((sample) => {
      const restored = fromStoredSample(sample);
      restored.answer = restored.status === 'ok' ? answers.extract(restored.text) : null;
      return restored;
    });
    questions.push({ id: question.id, gold: answers.normalize(question.answer), answerKind: answers, samples, tokensKnown: true, prompt: question.prompt });
  }
  return { questions, withoutUsableSample };
}

/** One evaluator source per run folder (`quorum eval --run`). */
export const runSources = (dirs: readonly string[]): PoolSource[] =>
  dirs.map((dir) => ({
    name: dir,
    load: async () => ({ name: dir, format: 'run', ...runPool(readRun(dir)) }),
  }));
