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

/**
 * The one tie convention of every accuracy quorum reports (`ties: "split"` in JSON rows): when k
 * answer classes share the top of the vote table that made a decision, the decision scores 1/k for
 * each right one among them — the expected accuracy had the tie been broken at random, which is what
 * a live run's arrival order does. A recorded order (N = all) therefore does not decide a tie. A
 * strategy that picks one sample by its own signal (best-of-n, P(True), USC) is graded on its pick.
 */
export const TIE_CONVENTION = 'split';

/** How one decision scores against the gold answer. */
export interface Grade {
  /** A non-abstaining decision whose own answer is right (equivalent to the gold, or passing the checker). */
  correct: boolean;
  /**
   * What the decision counts for in accuracy under TIE_CONVENTION: 1/#tied when right answers are
   * among the #tied top classes of a plain vote, else `correct` as 0 or 1.
   */
  tieCredit: number;
  abstained: boolean;
}

/** A question can be graded when it has a gold answer, or a checker kind and the question's text. */
export function isGradable(question: EvalQuestion): boolean {
  return question.answerKind.check !== undefined ? question.question !== undefined : question.gold !== null;
}

/**
 * Whether an answer is right: equivalent to the gold answer, or accepted by the kind's checker. Takes
 * any question with a kind, a gold (read by `readGold`) and the question's text, so the recorder's
 * running accuracy can grade the same way.
 */
export function isCorrectAnswer(answer: string | null, question: Pick<EvalQuestion, 'answerKind' | 'gold' | 'question'>): boolean {
  if (answer === null) return false;
  const { check } = question.answerKind;
  if (check !== undefined) {
    return question.question !== undefined && check({ text: question.question, ...(question.gold !== null && { gold: question.gold }) }, answer);
  }
  return question.gold !== null && question.answerKind.equivalent(answer, question.gold);
}

export function gradeDecision(decision: Decision, question: EvalQuestion): Grade {
  const correct = !decision.abstained && isCorrectAnswer(decision.answer, question);
  const top = decision.votes[0];
  // Ties are split only where the vote table decided: the answer is its top and no sample was picked
  // by another criterion (best-of-n, P(True) and USC set `chosen`; their pick is what counts).
  if (decision.abstained || decision.chosen !== undefined || top === undefined || top.answer !== decision.answer) {
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
  const graded = questions.filter(isGradable);
  if (graded.length === 0) return Number.NaN;
  const shares = graded.map((q) => {
    if (q.samples.length === 0) return 0;
    return correctSamples(q) / q.samples.length;
  });
  return (100 * shares.reduce((a, b) => a + b, 0)) / graded.length;
}

/** Samples of the question's pool whose own answer is right (failed and abstaining ones are not). */
export const correctSamples = (q: EvalQuestion): number =>
  q.samples.filter((s) => s.status === 'ok' && isCorrectAnswer(sampleAnswer(s, q), q)).length;

const sampleAnswer = (sample: EvalQuestion['samples'][number], q: EvalQuestion): string | null =>
  sample.answer !== undefined ? sample.answer : q.answerKind.extract(sample.text);
