/**
 * The solve/verify allocation ("When To Solve, When To Verify", Singhi et al., algorithms.md §9d): on
 * recorded solutions that carry several verifications each, accuracy of self-consistency over S
 * solutions and of best-of-S by verification with V verifications per solution, at compute
 * C(S, V) = S·(1 + λV) solution-lengths (λ = verification length / solution length; calls are λ = 1).
 * Draws are seeded: S solutions of the question's verified pool, then V of each one's verifications
 * (a draw of fewer is the start of a draw of more). Verification picks as the paper does: the
 * solution with the highest mean verification (ties: the earliest drawn), whatever its answer — one
 * without an answer is an abstention, graded wrong (quorum's best-of-n never picks those; here the
 * paper's protocol is reproduced). At each budget the compute-optimal (S, V) is the
 * most accurate point that fits, and the report names the first budget where verification overtakes
 * self-consistency.
 */
import { InvalidInputError } from '../core/errors.js';
import { createRng, deriveSeed, shuffled } from '../core/rng.js';
import type { Decision, Sample } from '../core/types.js';
import { verifierScore } from '../signals/verifier-score.js';
import { makeDecision } from '../strategies/decision.js';
import { majority } from '../strategies/majority.js';
import { tallyVotes } from '../strategies/vote-table.js';
import { gradeDecision, type EvalQuestion } from './eval-question.js';
import { RowAccumulator, type EvalRow } from './row-accumulator.js';
import { drawSamples } from './simulate-question.js';

export interface AllocationOptions {
  questions: readonly EvalQuestion[];
  /** Solution counts S. */
  solutions: readonly number[];
  /** Verification counts V (0 is self-consistency, always included). */
  checks: readonly number[];
  seeds: number;
  seed?: number;
  /** λ: a verification's length in solution lengths. Default 1. */
  lengthRatio?: number;
}

export interface AllocationPoint {
  s: number;
  /** 0: self-consistency (majority vote); else best-of-S by the mean of V verifications. */
  v: number;
  /** Model calls per question: S + S·V. */
  calls: number;
  /** S·(1 + λV), in solution lengths. */
  compute: number;
  row: EvalRow;
}

export interface FrontierStep {
  budget: number;
  /** The most accurate point within the budget (the compute-optimal allocation). */
  best: AllocationPoint;
  /** The best self-consistency point within it. */
  selfConsistency: AllocationPoint;
  /** The best verification point within it, if any fits. */
  verification?: AllocationPoint;
}

export interface AllocationResult {
  points: AllocationPoint[];
  frontier: FrontierStep[];
  /** The first budget of the frontier grid where verification is ahead of self-consistency; null if never. */
  overtakesAt: number | null;
  lengthRatio: number;
  /** Questions evaluated, and the smallest verified pool among them. */
  questions: number;
  poolSize: number;
}

/** The question's solutions that carry verifications: the pool both methods draw from, so they compare on the same solutions. */
export const verifiedPool = (q: EvalQuestion): EvalQuestion => ({ ...q, samples: q.samples.filter((s) => (s.checks?.length ?? 0) > 0) });

export async function evaluateAllocation(options: AllocationOptions): Promise<AllocationResult> {
  const lambda = options.lengthRatio ?? 1;
  if (!(lambda > 0)) throw new InvalidInputError(`the verification to solution length ratio must be positive, got ${String(options.lengthRatio)}`);
  const questions = options.questions.filter((q) => q.gold !== null).map(verifiedPool).filter((q) => q.samples.length > 0);
  if (questions.length === 0) throw new InvalidInputError('no graded question has verified solutions (samples with checks); the allocation needs a recording with verifications');
  const poolSize = Math.min(...questions.map((q) => q.samples.length));
  const maxChecks = Math.min(...questions.flatMap((q) => q.samples.map((s) => s.checks?.length ?? 0)));
  const ss = [...new Set(options.solutions)].filter((s) => s <= poolSize).toSorted((a, b) => a - b);
  const vs = [...new Set([0, ...options.checks])].filter((v) => v <= maxChecks).toSorted((a, b) => a - b);
  if (ss.length === 0) throw new InvalidInputError(`no solution count fits the verified pool (${poolSize} solutions per question)`);
  const base = options.seed ?? 0;
  const vote = majority();
  const points: AllocationPoint[] = [];
  for (const s of ss) {
    for (const v of vs) {
      const cell = new RowAccumulator({ strategy: v === 0 ? 'majority' : 'best-by-verification', stop: 'fixed', n: s }, questions.length, options.seeds, false);
      for (let trial = 0; trial < options.seeds; trial++) {
        const seed = deriveSeed(base, 'trial', trial);
        for (const [qi, q] of questions.entries()) {
          const drawn = drawSamples(q, s, seed);
          const decision = v === 0 ? await vote.aggregate(drawn, { answerKind: q.answerKind, seed }) : bestByVerification(withChecks(drawn, v, seed, q.id), q);
          cell.add(trial, qi, decision, s, gradeDecision(decision, q));
        }
      }
      points.push({ s, v, calls: s * (1 + v), compute: s * (1 + lambda * v), row: cell.row(deriveSeed(base, 'bootstrap')) });
    }
  }
  const frontier = frontierOf(points);
  const overtaking = frontier.find((f) => f.verification !== undefined && f.verification.row.accuracy > f.selfConsistency.row.accuracy);
  return { points, frontier, overtakesAt: overtaking?.budget ?? null, lengthRatio: lambda, questions: questions.length, poolSize };
}

/** The top-scored solution's answer (null when it has none), confidence its score. */
function bestByVerification(drawn: readonly Sample[], q: EvalQuestion): Decision {
  let top: Sample | undefined;
  let topScore = -Infinity;
  for (const s of drawn) {
    const score = s.status === 'ok' ? (verifierScore(s) ?? 0) : -Infinity;
    if (score > topScore) [top, topScore] = [s, score];
  }
  const answer = top?.answer ?? null;
  return makeDecision({ strategy: 'best-by-verification', samples: drawn, answers: q.answerKind, votes: tallyVotes(drawn, q.answerKind), answer, confidence: Math.max(0, topScore), confidenceKind: 'probability', abstainBelow: 0, ...(top !== undefined && { chosen: top.index }) });
}

/** Each drawn solution keeps V of its verifications, drawn per (question, solution) from the trial's seed. */
function withChecks(drawn: readonly Sample[], v: number, seed: number, question: string): Sample[] {
  return drawn.map((s) => ({ ...s, checks: shuffled(s.checks ?? [], createRng(deriveSeed(seed, question, s.index, 'checks'))).slice(0, v) }));
}

/** Budgets at powers of two up to the largest compute, plus that largest; the best point within each. */
function frontierOf(points: readonly AllocationPoint[]): FrontierStep[] {
  const largest = Math.max(...points.map((p) => p.compute));
  const budgets: number[] = [];
  for (let b = 1; b < largest; b *= 2) budgets.push(b);
  budgets.push(largest);
  const bestOf = (candidates: AllocationPoint[]): AllocationPoint | undefined =>
    candidates.reduce<AllocationPoint | undefined>((top, p) => (top === undefined || p.row.accuracy > top.row.accuracy || (p.row.accuracy === top.row.accuracy && p.compute < top.compute) ? p : top), undefined);
  return budgets.flatMap((budget) => {
    const fits = points.filter((p) => p.compute <= budget);
    const sc = bestOf(fits.filter((p) => p.v === 0));
    if (sc === undefined) return [];
    const verification = bestOf(fits.filter((p) => p.v > 0));
    const step: FrontierStep = { budget, best: bestOf(fits) as AllocationPoint, selfConsistency: sc };
    if (verification !== undefined) step.verification = verification;
    return [step];
  });
}
