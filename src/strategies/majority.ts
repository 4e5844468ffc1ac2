import type { Strategy } from './strategy.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow } from './signal-values.js';
import { tallyVotes } from './vote-table.js';

export interface MajorityOptions {
  /** Abstain when the winner's share of usable votes is below this. Default 0. */
  abstainBelow?: number;
}

/**
 * Self-consistency (Wang et al. 2022): the most frequent answer wins; abstentions do not vote; ties go
 * to the answer seen first. Confidence is the winner's share of usable votes.
 */
export function majority(options: MajorityOptions = {}): Strategy {
  const abstainBelow = checkAbstainBelow('majority', options.abstainBelow);
  return {
    name: 'majority',
    callsModel: false,
    aggregate(samples, { answerKind: answers }) {
      const votes = tallyVotes(samples, answers);
      return makeDecision({
        strategy: 'majority',
        samples,
        answers,
        votes,
        confidence: weightShare(votes),
        confidenceKind: 'vote-share',
        abstainBelow,
      });
    },
  };
}
