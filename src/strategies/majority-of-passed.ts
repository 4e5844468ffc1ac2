import { checksUsage, verifierPassed } from '../signals/verifier-score.js';
import { CHECK_ADVICE, checkNeed } from './check-need.js';
import { makeDecision } from './decision.js';
import { checkAbstainBelow, requireNeed } from './signal-values.js';
import type { Strategy } from './strategy.js';
import { isUsable, tallyVotes } from './vote-table.js';

export interface MajorityOfPassedOptions {
  /** Whose checks decide what passed. Default: the verifier that checked each sample last. */
  verifier?: string;
  abstainBelow?: number;
}

/**
 * Majority of the samples whose check passed. Confidence is the winner's passed votes over all usable
 * samples, so an answer few samples both give and pass is not sure; when nothing passed, the plain
 * majority answer stands at confidence 0.
 */
export function majorityOfPassed(options: MajorityOfPassedOptions = {}): Strategy {
  const abstainBelow = checkAbstainBelow('majority-of-passed', options.abstainBelow);
  const needs = checkNeed(options.verifier);
  return {
    name: 'majority-of-passed',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      requireNeed('majority-of-passed', needs, samples, answers, CHECK_ADVICE);
      const usable = samples.filter((s) => isUsable(s, answers)).length;
      const passedVotes = tallyVotes(samples, answers, (s) => (verifierPassed(s, options.verifier) === true ? 1 : 0));
      const base = { strategy: 'majority-of-passed', samples, answers, confidenceKind: 'vote-share' as const, abstainBelow, extraUsage: checksUsage(samples, options.verifier) };
      const top = passedVotes[0];
      if (top === undefined || top.weight === 0) return makeDecision({ ...base, votes: tallyVotes(samples, answers), confidence: 0 });
      return makeDecision({ ...base, votes: passedVotes, confidence: top.weight / usable });
    },
  };
}
