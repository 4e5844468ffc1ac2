import { InvalidInputError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import { AgreementPrior } from './agreement-prior.js';
import { checkThreshold } from './beta.js';
import { keepGoing, type StopRule, type StopState } from './stop-rule.js';
import { voteCounts } from './vote-counts.js';

export interface AutoOptions {
  /** Stop when P(leader ahead | votes, learned prior) reaches this. */
  threshold?: number;
  /** Fewest votes for the leader before stopping. */
  minVotes?: number;
  /** Cancel a running generation once it is this many times longer than the median finished one. */
  lengthCap?: number;
  /** Finished samples needed before the length cap applies. */
  lengthCapAfter?: number;
  /** Pseudo-questions the uniform starting prior counts for. */
  priorStrength?: number;
}

export const AUTO_DEFAULTS = {
  threshold: 0.99,
  minVotes: 2,
  lengthCap: 2,
  lengthCapAfter: 3,
  priorStrength: 1,
} as const;

const median = (values: number[]): number => {
  const sorted = values.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * quorum's default rule. Adaptive-Consistency's posterior test, but with the prior on agreement learned
 * from the earlier questions of the same run instead of a flat one, and long-running generations
 * cancelled while they run (over-long traces are mostly wrong or truncated).
 * Reuse one instance across the questions of a run; a fresh instance knows nothing yet.
 */
export function autoRule(options: AutoOptions = {}): StopRule {
  const o = { ...AUTO_DEFAULTS, ...options };
  checkThreshold(o.threshold, 'auto');
  if (!(o.lengthCap > 1)) throw new InvalidInputError(`auto: lengthCap must be > 1, got ${String(o.lengthCap)}`);
  const prior = new AgreementPrior(o.priorStrength);
  const finishedLengths = (state: StopState): number[] =>
    state.samples.filter((s: Sample) => s.status === 'ok').map((s) => s.tokens);
  return {
    name: 'auto',
    begin: () => ({
      check(state) {
        const { counts, leader } = voteCounts(state);
        const v1 = counts[0] ?? 0;
        if (v1 < o.minVotes) return keepGoing;
        const p = prior.leaderProbability(v1, counts[1] ?? 0);
        if (p < o.threshold) return keepGoing;
        return { stop: true, reason: `P(${leader} leads | prior from ${prior.questions} questions) = ${p.toFixed(4)}` };
      },
      lengthCap(state) {
        const lengths = finishedLengths(state);
        return lengths.length < o.lengthCapAfter ? undefined : o.lengthCap * median(lengths);
      },
      end(samples, answers) {
        const { counts } = voteCounts({ samples, answers });
        prior.learn(counts[0] ?? 0, counts[1] ?? 0);
      },
    }),
  };
}
