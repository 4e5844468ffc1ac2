import { InvalidInputError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import { isUsable } from '../strategies/vote-table.js';
import { AgreementPrior } from './agreement-prior.js';
import { checkThreshold } from './beta.js';
import { keepGoing, type StopRule, type StopState } from './stop-rule.js';
import { voteCounts } from './vote-counts.js';

export interface AutoOptions {
  /**
   * Stop when P(the leader is still ahead once the whole sample budget is in | votes, learned prior)
   * reaches this. Default 0.97.
   */
  threshold?: number;
  /** Fewest votes for the leader before stopping. Default 2. */
  minVotes?: number;
  /** Pseudo-questions the flat starting prior counts for (higher = learns slower). Default 5. */
  priorStrength?: number;
  /**
   * While generations are still running, each finished vote counts (finished ÷ started)^discount.
   * The first generations to finish are the shortest ones, a biased sample, so a few quick agreeing
   * votes must not settle a question. 0 turns this off; it changes nothing at concurrency 1. Default 1.
   */
  discount?: number;
  /** A question still undecided stops once this many samples have finished. Default: none (the budget). */
  sampleCap?: number;
  /** Cancel a running generation once it is this many times the median length of the finished answers. Default: none. */
  lengthCap?: number;
  /** Finished answers needed before the length cap applies. Default 3. */
  lengthCapAfter?: number;
}

/**
 * How these were chosen (`npx tsx bench/stopping-rotation.ts`): leave one model family of the BoInf
 * recordings out, pick on the other three the threshold with the most token saving at concurrency 1
 * whose worst file, seed (5 seeds of 20 orders) and concurrency (1, 4, 8, 16) loses at most 0.5 pt
 * against majority of all samples, measure it on the family left out, rotate. Three folds of four pick
 * 0.97 (the Phi-4 fold picks 0.96, which then loses 0.67 pt on Phi-4). docs/stopping.md ("Measured")
 * has every fold. No length cap by default: on gpt-oss and Phi-4 the long traces of hard questions are
 * often the right ones.
 */
export const AUTO_DEFAULTS = {
  threshold: 0.97,
  minVotes: 2,
  priorStrength: 5,
  discount: 1,
  sampleCap: Infinity,
  lengthCap: Infinity,
  lengthCapAfter: 3,
} as const;

/** Lengths of the finished samples that vote. Failed and abstaining ones (often 0 tokens) say nothing about answer length. */
const votingLengths = (state: StopState): number[] =>
  state.samples.filter((s: Sample) => isUsable(s, state.answerKind)).map((s) => s.tokens);

const median = (values: number[]): number => {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * quorum's default rule: Adaptive-Consistency's two-way race between the leader and the runner-up,
 * with three changes the recorded data argued for.
 * - The prior on agreement is learned from the earlier questions of the same run (empirical Bayes)
 *   instead of being flat: in a run where most questions are near-unanimous, two or three agreeing
 *   votes are already convincing.
 * - The test is predictive: it asks whether the votes still to come within the sample budget could
 *   overturn the leader, not only whether the leader's share is above ½. Late in a contested question
 *   few votes remain, so a modest lead is enough; early on this is the usual posterior test.
 * - With several generations running, a finished vote counts only the share of started generations
 *   that have finished (`discount`): the first finishers are the shortest, and short traces can
 *   agree on a wrong answer.
 * Reuse one instance across the questions of a run; a fresh instance knows nothing yet.
 */
export function autoRule(options: AutoOptions = {}): StopRule {
  const o = { ...AUTO_DEFAULTS, ...options };
  checkThreshold(o.threshold, 'auto');
  for (const key of ['minVotes', 'sampleCap', 'lengthCapAfter'] as const) {
    if (!(o[key] >= 1)) throw new InvalidInputError(`auto: ${key} must be at least 1, got ${String(o[key])}`);
  }
  if (!(o.priorStrength >= 0)) throw new InvalidInputError(`auto: priorStrength must be ≥ 0, got ${String(o.priorStrength)}`);
  if (!(o.discount >= 0)) throw new InvalidInputError(`auto: discount must be ≥ 0, got ${String(o.discount)}`);
  if (!(o.lengthCap > 1)) throw new InvalidInputError(`auto: lengthCap must be > 1, got ${String(o.lengthCap)}`);
  const prior = new AgreementPrior(o.priorStrength);
  const overrides = Object.entries(options)
    .filter(([key, value]) => value !== AUTO_DEFAULTS[key as keyof AutoOptions])
    .map(([key, value]) => `${key}=${String(value)}`);
  return {
    name: overrides.length === 0 ? 'auto' : `auto(${overrides.join(',')})`,
    begin: () => ({
      check(state) {
        const n = state.samples.length;
        const { counts, leader } = state.votes;
        const v1 = counts[0] ?? 0;
        const v2 = counts[1] ?? 0;
        const capped = n >= o.sampleCap ? { stop: true as const, reason: `still contested after ${n} samples; ${leader ?? 'no answer'} leads` } : keepGoing;
        if (v1 < o.minVotes) return capped;
        // Of the samples still to come, as many join the race as have so far.
        const remaining = ((Math.min(state.maxSamples, o.sampleCap) - n) * (v1 + v2)) / n;
        const weight = (n / (n + state.inFlight)) ** o.discount;
        const p = 1 - prior.flipProbability(v1 * weight, v2 * weight, remaining);
        if (p < o.threshold) return capped;
        // "leads": still ahead once the whole budget is in, which is what p estimates.
        return { stop: true, reason: `P(${leader} leads | prior from ${prior.questions} questions) = ${p.toFixed(4)} after ${n} samples` };
      },
      lengthCap(state) {
        if (!Number.isFinite(o.lengthCap)) return undefined;
        const lengths = votingLengths(state);
        return lengths.length < o.lengthCapAfter ? undefined : o.lengthCap * median(lengths);
      },
      end(samples, answers) {
        const { counts } = voteCounts(samples, answers);
        prior.learn(counts[0] ?? 0, counts[1] ?? 0);
      },
    }),
  };
}
