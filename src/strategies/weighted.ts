import { InvalidInputError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import { normalizedProbability } from '../signals/logprob.js';
import { signalNeed } from '../signals/registry.js';
import type { Strategy } from './strategy.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow, requireNeed } from './signal-values.js';
import { tallyVotes } from './vote-table.js';

const SAMPLE_WEIGHTS = ['score', 'normalized-probability'] as const;
export type SampleWeight = (typeof SAMPLE_WEIGHTS)[number];

export interface WeightedOptions {
  /**
   * Where each vote's weight comes from: `score` (an external per-sample score such as a reward model's;
   * samples without one weigh 0) or `normalized-probability` (exp of the mean token logprob, i.e.
   * 1/perplexity; samples without logprobs weigh 0). Default `normalized-probability`. When no usable
   * sample carries the weight's input, aggregation throws (as rpc and best-of-n do).
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
  if (!SAMPLE_WEIGHTS.includes(weight)) {
    throw new InvalidInputError(`weighted: weight must be one of ${SAMPLE_WEIGHTS.join(', ')}, got "${String(weight)}"`);
  }
  const abstainBelow = checkAbstainBelow('weighted', options.abstainBelow);
  const weightOf = weight === 'score' ? scoreWeight : probabilityWeight;
  const needs = signalNeed(weight);
  const alternative =
    weight === 'score' ? 'use majority, or weighted with its default weight (token probabilities from logprobs)' : 'use majority, or weight=score for reward-model scores';
  return {
    name: 'weighted',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      requireNeed('weighted', needs, samples, answers, alternative);
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
