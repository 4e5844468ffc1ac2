import { InvalidInputError } from '../core/errors.js';
import type { Vote } from '../core/types.js';
import { checksOf, checksUsage } from '../signals/verifier-score.js';
import { CHECK_ADVICE, checkNeed } from './check-need.js';
import { makeDecision } from './decision.js';
import { checkAbstainBelow, requireNeed } from './signal-values.js';
import type { Strategy } from './strategy.js';
import { tallyVotes } from './vote-table.js';

export interface FobarOptions {
  /** Weight of the forward (vote) part: P ∝ P_fwd^alpha · P_bwd^(1 − alpha). Default 0.5. */
  alpha?: number;
  /** Whose checks are the backward part. Default `backward`. */
  verifier?: string;
  abstainBelow?: number;
}

const EPSILON = 1e-8;

/**
 * FOBAR (Jiang et al. 2024): forward P_fwd(c) = votes for c / usable votes; backward P_bwd(c) ∝ Z_c + ε,
 * Z_c the backward chains that recovered their masked number over c's checked samples; the answer
 * maximises P_fwd^α · P_bwd^(1−α), and its share of that product over all classes is the confidence.
 */
export function fobar(options: FobarOptions = {}): Strategy {
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new InvalidInputError(`fobar: alpha must be in [0, 1], got ${String(options.alpha)}`);
  const verifier = options.verifier ?? 'backward';
  const abstainBelow = checkAbstainBelow('fobar', options.abstainBelow);
  const needs = checkNeed(verifier);
  return {
    name: 'fobar',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      requireNeed('fobar', needs, samples, answers, CHECK_ADVICE);
      const forward = tallyVotes(samples, answers);
      const usable = forward.reduce((sum, v) => sum + v.count, 0);
      const byIndex = new Map(samples.map((s) => [s.index, s]));
      const recovered = (vote: Vote): number =>
        vote.samples.reduce((sum, i) => sum + checksOf(byIndex.get(i)!, verifier).reduce((z, c) => z + (c.status === 'judged' ? c.score * c.usage.calls : 0), 0), 0);
      const z = forward.map(recovered);
      const zTotal = z.reduce((a, b) => a + b + EPSILON, 0);
      const combined = forward.map((v, i) => (v.count / usable) ** alpha * (((z[i] as number) + EPSILON) / zTotal) ** (1 - alpha));
      const total = combined.reduce((a, b) => a + b, 0);
      const votes = forward.map((v, i) => ({ ...v, weight: combined[i] as number })).toSorted((a, b) => b.weight - a.weight);
      return makeDecision({ strategy: 'fobar', samples, answers, votes, confidence: total > 0 ? (votes[0]?.weight ?? 0) / total : 0, confidenceKind: 'weight-share', abstainBelow, extraUsage: checksUsage(samples, verifier) });
    },
  };
}
