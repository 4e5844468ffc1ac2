import { InvalidInputError } from '../core/errors.js';
import { checksUsage, verifierScore } from '../signals/verifier-score.js';
import { CHECK_ADVICE, checkNeed } from './check-need.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow, requireNeed } from './signal-values.js';
import type { Strategy } from './strategy.js';
import { isUsable, tallyVotes } from './vote-table.js';

export interface CiscOptions {
  /** Whose scores are the confidences. Default `p-true` (the paper's P(True) confidence). */
  verifier?: string;
  /** Softmax temperature: small values let the most confident sample decide, large ones give majority vote. Default 1; the paper tunes it per model on held-out questions. */
  temperature?: number;
  abstainBelow?: number;
}

/**
 * Confidence-informed self-consistency (Taubenfeld et al. 2025): each usable sample votes with
 * softmax(score / temperature) over the usable samples, score being its verifier's (P(True) by default;
 * an unchecked or failed one scores 0). Confidence is the winner's share of the weight.
 */
export function cisc(options: CiscOptions = {}): Strategy {
  const verifier = options.verifier ?? 'p-true';
  const temperature = options.temperature ?? 1;
  if (!(temperature > 0)) throw new InvalidInputError(`cisc: temperature must be positive, got ${String(options.temperature)}`);
  const abstainBelow = checkAbstainBelow('cisc', options.abstainBelow);
  const needs = checkNeed(verifier);
  return {
    name: 'cisc',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      requireNeed('cisc', needs, samples, answers, CHECK_ADVICE);
      const scores = samples.map((s) => (isUsable(s, answers) ? (verifierScore(s, verifier) ?? 0) / temperature : -Infinity));
      const top = Math.max(...scores);
      const weights = scores.map((x) => (Number.isFinite(x) ? Math.exp(x - top) : 0));
      const votes = tallyVotes(samples, answers, (_, position) => weights[position] as number);
      return makeDecision({ strategy: 'cisc', samples, answers, votes, confidence: weightShare(votes), confidenceKind: 'weight-share', abstainBelow, extraUsage: checksUsage(samples, verifier) });
    },
  };
}
