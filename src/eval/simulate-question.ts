/**
 * One simulated request on recorded samples: draw the samples a run would have seen, then let every
 * strategy decide from that same draw. All trials of the evaluator go through here, so a stop rule or
 * a simulated clock changes one place.
 */
import { createRng, deriveSeed, shuffled } from '../core/rng.js';
import type { Decision, Sample } from '../core/types.js';
import type { Strategy, StrategyContext } from '../strategies/strategy.js';
import type { EvalQuestion, SampleBudget } from './eval-question.js';

export interface QuestionTrial {
  /** The samples drawn, in the order a run would have received them. */
  samples: Sample[];
  /** One decision per strategy, in the order the strategies were given. */
  decisions: Decision[];
}

export interface TrialOptions {
  budget: SampleBudget;
  /** The trial's seed; the draw for a question depends on it and the question id only. */
  seed: number;
  strategies: readonly Strategy[];
}

/**
 * `budget: 'all'` uses every sample in recorded order (deterministic). A number draws that many
 * samples without replacement as a seeded shuffle's prefix, so for one seed the draw for N=4 is the
 * start of the draw for N=16, as in a sequential run (and fewer are used when the pool is smaller).
 */
export function drawSamples(question: EvalQuestion, budget: SampleBudget, seed: number): Sample[] {
  if (budget === 'all') return question.samples;
  return shuffled(question.samples, createRng(deriveSeed(seed, question.id))).slice(0, budget);
}

export async function simulateQuestion(question: EvalQuestion, options: TrialOptions): Promise<QuestionTrial> {
  const samples = drawSamples(question, options.budget, options.seed);
  const context: StrategyContext = { answerKind: question.answerKind, seed: deriveSeed(options.seed, question.id, 'strategy') };
  if (question.prompt !== undefined) context.prompt = question.prompt;
  const decisions: Decision[] = [];
  for (const strategy of options.strategies) decisions.push(await strategy.aggregate(samples, context));
  return { samples, decisions };
}
