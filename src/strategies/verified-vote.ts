import { checksUsage, verifierScore } from '../signals/verifier-score.js';
import { CHECK_ADVICE, checkNeed } from './check-need.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow, requireNeed } from './signal-values.js';
import type { Strategy } from './strategy.js';
import { tallyVotes } from './vote-table.js';

export interface VerifiedVoteOptions {
  /** Whose checks weigh the votes. Default: the verifier that checked each sample last. */
  verifier?: string;
  abstainBelow?: number;
}

/**
 * Verified vote: each usable sample votes with its verifier score (0 for a failed check or an unchecked
 * sample), so answers the model both repeats and confirms win. Confidence is the winner's share of the
 * total weight; usage includes every check read.
 */
export function verifiedVote(options: VerifiedVoteOptions = {}): Strategy {
  const abstainBelow = checkAbstainBelow('verified-vote', options.abstainBelow);
  const needs = checkNeed(options.verifier);
  return {
    name: 'verified-vote',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      requireNeed('verified-vote', needs, samples, answers, CHECK_ADVICE);
      const votes = tallyVotes(samples, answers, (s) => Math.max(0, verifierScore(s, options.verifier) ?? 0));
      return makeDecision({
        strategy: 'verified-vote',
        samples,
        answers,
        votes,
        confidence: weightShare(votes),
        confidenceKind: 'weight-share',
        abstainBelow,
        extraUsage: checksUsage(samples, options.verifier),
      });
    },
  };
}
