/**
 * How trustworthy consistency labels are: on a run with gold answers, the share of questions kept at
 * each confidence level and how often their decided answer is the gold one.
 */
import { isCorrectAnswer, type EvalQuestion } from '../eval/eval-question.js';
import { decideOnPool, type Decider } from './training-labels.js';

export interface PseudoLabelRow {
  minConfidence: number;
  /** Questions whose decision reached the confidence (and did not abstain). */
  kept: number;
  /** kept / graded questions. */
  share: number;
  /** Kept questions whose decided answer is the gold one. */
  precision: number;
}

export const DEFAULT_PSEUDO_LABEL_LEVELS = [0.5, 0.8, 0.95] as const;

export async function pseudoLabelPrecision(questions: readonly EvalQuestion[], decider: Decider, levels: readonly number[] = DEFAULT_PSEUDO_LABEL_LEVELS): Promise<{ questions: number; rows: PseudoLabelRow[] }> {
  const graded = questions.filter((q) => q.gold !== null && q.samples.length > 0);
  const decided: { confidence: number; correct: boolean }[] = [];
  for (const question of graded) {
    const decision = await decideOnPool(question, decider);
    if (decision.answer !== null && !decision.abstained) decided.push({ confidence: decision.confidence, correct: isCorrectAnswer(decision.answer, question) });
  }
  return {
    questions: graded.length,
    rows: levels.map((minConfidence) => {
      const kept = decided.filter((d) => d.confidence >= minConfidence);
      return { minConfidence, kept: kept.length, share: graded.length === 0 ? 0 : kept.length / graded.length, precision: kept.length === 0 ? Number.NaN : kept.filter((d) => d.correct).length / kept.length };
    }),
  };
}
