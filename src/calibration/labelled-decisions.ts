/**
 * The data a calibrator learns from: decisions a strategy makes on a labelled run, each with its
 * features and whether it was right. Decisions are simulated exactly as `quorum eval` makes them
 * (simulateQuestion: a seeded draw of N samples per question), at several budgets and draws, so a
 * calibrator sees how reliable a vote of 4 is as well as one of 64.
 */
import { InvalidInputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import { gradeDecision, type EvalQuestion, type SampleBudget } from '../eval/eval-question.js';
import { simulateQuestion } from '../eval/simulate-question.js';
import type { Strategy } from '../strategies/strategy.js';
import { decisionFeatures, type FeatureValues } from './features.js';

export interface LabelledDecision {
  question: string;
  budget: SampleBudget;
  /** Which seeded draw of the question at this budget (0 for `all`, which has only one). */
  draw: number;
  /** The strategy's own confidence. */
  confidence: number;
  /** False when the strategy gave no answer: such a decision is never answered and needs no calibration. */
  answered: boolean;
  correct: boolean;
  features: FeatureValues;
}

export interface DecisionOptions {
  strategy: Strategy;
  budgets: readonly SampleBudget[];
  /** Seeded draws per finite budget. */
  draws: number;
  seed: number;
}

/** Graded questions only (a question without gold cannot teach anything), in pool order. */
export async function labelledDecisions(questions: readonly EvalQuestion[], options: DecisionOptions): Promise<LabelledDecision[]> {
  if (options.strategy.callsModel) {
    throw new InvalidInputError(`${options.strategy.name} asks the model again, so its decisions cannot be replayed from recorded samples; calibrate an answer-level strategy`);
  }
  const out: LabelledDecision[] = [];
  for (const question of questions) {
    if (question.gold === null || question.samples.length === 0) continue;
    for (const budget of options.budgets) {
      const draws = budget === 'all' ? 1 : options.draws;
      for (let draw = 0; draw < draws; draw++) {
        const seed = deriveSeed(options.seed, 'calibration', draw);
        const { samples, decisions } = await simulateQuestion(question, { budget, seed, strategies: [options.strategy] });
        const decision = decisions[0];
        if (decision === undefined) continue;
        const answered = decision.answer !== null;
        out.push({
          question: question.id,
          budget,
          draw,
          confidence: decision.confidence,
          answered,
          correct: gradeDecision({ ...decision, abstained: !answered }, question).correct,
          features: decisionFeatures(decision, samples),
        });
      }
    }
  }
  if (out.length === 0) throw new InvalidInputError('no graded question with samples; calibration needs gold answers');
  return out;
}
