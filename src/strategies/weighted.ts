import type { Sample } from '../core/types.js';
import { normalizedProbability } from '../signals/logprob.js';
import type { Strategy } from './strategy.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow } from './signal-values.js';
import { tallyVotes } from './vote-table.js';

export type SampleWeight = 'score' | 'normalized-probability';

export interface WeightedOptions {
  /**
   * Where each vote's weight comes from: `score` (an external per-sample score such as a reward model's;
   * samples without one weigh 0) or `normalized-probability` (exp of the mean token logprob, i.e.
   * 1/perplexity; samples without logprobs weigh 0). Default `normalized-probability`.
   */
  weight?: SampleWeight;
  abstainBelow?: number;
}

/**
 * Weighted self-consistency: each answer class scores the sum of its samples' weights (Wang et al.'s
 * "weighted sum", which with normalized probabilities matches majority vote's accuracy). Confidence is
 * the winner's share of the total weight.
 */
export function weighted(options: WeightedOptions = {}): Strategy {
  const weight = options.weight ?? 'normalized-probability';
  const abstainBelow = checkAbstainBelow('weighted', options.abstainBelow);
  const weightOf = weight === 'score' ? scoreWeight : probabilityWeight;
  return {
    name: 'weighted',
    callsModel: false,
    aggregate(samples, { answers }) {
      const votes = tallyVotes(samples, answers, weightOf);
      return makeDecision({
        strategy: 'weighted',
        samples,
        answers,
        votes,
        confidence: weightShare(votes),
        confidenceKind: 'weight-share',
        abstainBelow,
      });
    },
  };
}

const scoreWeight = (sample: Sample): number => Math.max(0, sample.score ?? 0);

/** exp(mean token logprob) in (0, 1]; 0 when the sample carries no logprobs. */
const probabilityWeight = (sample: Sample): number => normalizedProbability(sample) ?? 0;
