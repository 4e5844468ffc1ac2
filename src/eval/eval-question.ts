/**
 * What the evaluator works on: a question with its gold answer, its answer kind and a pool of
 * samples to draw from. A recorded file (src/recordings) and a run store both produce these.
 */
import type { Decision } from '../core/types.js';
import type { RecordedQuestion } from '../recordings/recorded-question.js';

/** A question and its sample pool; the same shape as a replayed recording (see RecordedQuestion). */
export type EvalQuestion = RecordedQuestion;

/** How many samples a trial may use: a fixed number, or every sample in the pool. */
export type SampleBudget = number | 'all';

/** How one decision scores against the gold answer. */
export interface Grade {
  /** A non-abstaining decision whose answer is equivalent to the gold one. Abstentions are wrong. */
  correct: boolean;
  /**
   * Expected correctness had ties in the vote table been broken at random: 1/#tied when the gold
   * answer is one of the #tied top classes (RPC's reporting rule); equals `correct` without a tie.
   */
  tieCredit: number;
  abstained: boolean;
}

export function isCorrectAnswer(answer: string | null, question: EvalQuestion): boolean {
  return answer !== null && question.gold !== null && question.answerKind.equivalent(answer, question.gold);
}

export function gradeDecision(decision: Decision, question: EvalQuestion): Grade {
  const correct = !decision.abstained && isCorrectAnswer(decision.answer, question);
  const top = decision.votes[0];
  // Tie credit applies only when the strategy's answer is the top of its own vote table (a plain vote).
  if (decision.abstained || top === undefined || top.answer !== decision.answer) {
    return { correct, tieCredit: correct ? 1 : 0, abstained: decision.abstained };
  }
  const tied = decision.votes.filter((v) => v.weight === top.weight);
  const goldTied = tied.filter((v) => isCorrectAnswer(v.answer, question)).length;
  return { correct, tieCredit: goldTied / tied.length, abstained: false };
}

/**
 * Single-sample accuracy: the mean over questions of the share of a question's samples whose own
 * answer is correct. Every sample counts, usable or not: an abstaining or failed sample is wrong.
 */
export function singleSampleAccuracy(questions: readonly EvalQuestion[]): number {
  const graded = questions.filter((q) => q.gold !== null);
  if (graded.length === 0) return Number.NaN;
  const shares = graded.map((q) => {
    if (q.samples.length === 0) return 0;
    const right = q.samples.filter((s) => s.status === 'ok' && isCorrectAnswer(sampleAnswer(s, q), q)).length;
    return right / q.samples.length;
  });
  return (100 * shares.reduce((a, b) => a + b, 0)) / graded.length;
}

const sampleAnswer = (sample: EvalQuestion['samples'][number], q: EvalQuestion): string | null =>
  sample.answer !== undefined ? sample.answer : q.answerKind.extract(sample.text);
