/**
 * The allocation decision: which method and budget to use for a model on a task, from a recorded
 * calibration run. Questions are split in two by a seeded hash of their ids; every candidate (self-
 * consistency, verified votes, solve-detect-verify, refine, at several budgets) is evaluated on the
 * fitting half, the rule picks one — the cheapest whose accuracy is within `tolerance` points of the
 * best that fits the token budget — and the choice is then measured on the held-out half, beside what
 * would have been best there. So the decision is reported with the accuracy it has on questions it was
 * not chosen on, as `auto` stopping is.
 */
import { InvalidInputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import type { FeedbackOptions } from '../feedback/feedback-options.js';
import type { Strategy } from '../strategies/strategy.js';
import type { EvalQuestion } from './eval-question.js';
import { evaluateFeedback } from './evaluate-feedback.js';
import { evaluatePool } from './evaluate.js';

export interface DecisionCandidate {
  name: string;
  n: number;
  /** Decides from n samples (majority, verified-vote … on recorded checks), or from a loop's final solutions. */
  strategy: Strategy;
  /** A loop (solve-detect-verify, refine): replayed from recorded calls. */
  feedback?: FeedbackOptions;
}

export interface CandidateResult {
  name: string;
  n: number;
  accuracy: number;
  tokens: number;
}

export interface DecisionOptions {
  questions: readonly EvalQuestion[];
  candidates: readonly DecisionCandidate[];
  seeds: number;
  seed?: number;
  /** Most generated tokens per question a choice may spend. Default: no limit. */
  budget?: number;
  /** Accuracy points given up for a cheaper method. Default 0.5. */
  tolerance?: number;
}

export interface AllocationDecision {
  rule: string;
  fitQuestions: number;
  heldOutQuestions: number;
  /** Every candidate on the fitting half, and the accuracy-against-tokens frontier among them. */
  fit: CandidateResult[];
  frontier: CandidateResult[];
  chosen: CandidateResult;
  /** The chosen candidate on the held-out half, and the one the rule would have chosen there. */
  heldOut: { chosen: CandidateResult; bestThere: CandidateResult; regret: number };
}

export async function decideAllocation(options: DecisionOptions): Promise<AllocationDecision> {
  const tolerance = options.tolerance ?? 0.5;
  const budget = options.budget ?? Infinity;
  const graded = options.questions.filter((q) => q.gold !== null);
  const base = options.seed ?? 0;
  const fitting = graded.filter((q) => deriveSeed(base, 'split', q.id) % 2 === 0);
  const heldOut = graded.filter((q) => deriveSeed(base, 'split', q.id) % 2 === 1);
  if (fitting.length === 0 || heldOut.length === 0) throw new InvalidInputError(`the allocation decision needs questions on both sides of its split; got ${graded.length} graded questions`);
  const fit = await evaluateCandidates(fitting, options);
  const chosen = choose(fit, budget, tolerance);
  if (chosen === undefined) throw new InvalidInputError(`no candidate spends at most ${budget} tokens per question; raise the budget`);
  const there = await evaluateCandidates(heldOut, options);
  const chosenThere = there.find((r) => r.name === chosen.name && r.n === chosen.n) as CandidateResult;
  const bestThere = choose(there, budget, tolerance) as CandidateResult;
  return {
    rule: `the cheapest candidate within ${tolerance} points of the most accurate one${Number.isFinite(budget) ? ` spending at most ${budget} tokens per question` : ''}`,
    fitQuestions: fitting.length,
    heldOutQuestions: heldOut.length,
    fit,
    frontier: frontierOf(fit),
    chosen,
    heldOut: { chosen: chosenThere, bestThere, regret: bestThere.accuracy - chosenThere.accuracy },
  };
}

async function evaluateCandidates(questions: EvalQuestion[], options: DecisionOptions): Promise<CandidateResult[]> {
  const results: CandidateResult[] = [];
  for (const c of options.candidates) {
    const row =
      c.feedback === undefined
        ? (await evaluatePool({ questions, strategies: [c.strategy], ns: [c.n], seeds: options.seeds, seed: options.seed ?? 0 }))[0]
        : (await evaluateFeedback({ questions, methods: [{ name: c.name, n: c.n, feedback: c.feedback, strategy: c.strategy }], seeds: options.seeds, seed: options.seed ?? 0 }))[0];
    if (row === undefined) continue;
    results.push({ name: c.name, n: c.n, accuracy: row.accuracy, tokens: row.tokensPerQuestion ?? Number.NaN });
  }
  return results;
}

/** The cheapest candidate within `tolerance` of the best accuracy among those within the budget. */
export function choose(results: readonly CandidateResult[], budget: number, tolerance: number): CandidateResult | undefined {
  const affordable = results.filter((r) => r.tokens <= budget);
  if (affordable.length === 0) return undefined;
  const best = Math.max(...affordable.map((r) => r.accuracy));
  return affordable.filter((r) => r.accuracy >= best - tolerance).reduce((a, b) => (b.tokens < a.tokens ? b : a));
}

/** Candidates no other beats on both accuracy and tokens, cheapest first. */
export function frontierOf(results: readonly CandidateResult[]): CandidateResult[] {
  return results
    .filter((r) => !results.some((o) => o !== r && o.accuracy >= r.accuracy && o.tokens <= r.tokens && (o.accuracy > r.accuracy || o.tokens < r.tokens)))
    .toSorted((a, b) => a.tokens - b.tokens);
}
