/**
 * A run folder as the evaluator's pool: one EvalQuestion per recorded question, its stored samples in
 * index order, graded with the run's answer kind. Everything comes from the folder itself. Questions
 * with no stored sample yet (a run stopped part-way) are left out: a partial run is measured on what
 * it recorded, the same way by `quorum eval --run` and `quorum report`. Feedback calls recorded with the
 * run (calls.jsonl) come along, so loops and checks replay.
 */
import { resolveAnswerKind } from '../datasets/answer-kinds.js';
import type { EvalQuestion } from '../eval-question.js';
import type { PoolSource } from '../pool-source.js';
import { runPrompt } from './run-prompt.js';
import { readCalls } from './call-log.js';
import { readRun, type StoredRun } from './run-store.js';
import { fromStoredSample } from './stored-sample.js';

export function runQuestions(run: StoredRun): EvalQuestion[] {
  const answers = resolveAnswerKind(run.manifest.dataset.kind);
  const recorded = run.manifest.dataset.questions.filter((question) => (run.byQuestion.get(question.id)?.length ?? 0) > 0);
  const calls = readCalls(run.dir);
  return recorded.map((question) => {
    const samples = (run.byQuestion.get(question.id) ?? []).map((stored) => {
      const sample = fromStoredSample(stored);
      sample.answer = sample.status === 'ok' ? answers.extract(sample.text) : null;
      return sample;
    });
    const recordedCalls = calls.get(question.id);
    return { id: question.id, gold: answers.normalize(question.answer), answerKind: answers, samples, tokensKnown: true, prompt: runPrompt(run.manifest, question.prompt), ...(recordedCalls !== undefined && { calls: recordedCalls }) };
  });
}

/** One evaluator source per run folder (`quorum eval --run`). */
export const runSources = (dirs: readonly string[]): PoolSource[] =>
  dirs.map((dir) => ({
    name: dir,
    load: async () => ({ name: dir, format: 'run', questions: runQuestions(readRun(dir)) }),
  }));
