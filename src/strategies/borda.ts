import { signalNeed, type SignalName } from '../signals/registry.js';
import type { Strategy } from './strategy.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow, signalExtraUsage, signalValues } from './signal-values.js';
import { tallyVotes } from './vote-table.js';

export interface BordaOptions {
  /** The per-sample signal that ranks the samples. Default `self-certainty` (Kang et al. 2025). */
  signal?: SignalName;
  /** Vote weight (N − r + 1)^power for rank r; 0 = majority vote. Default 0.5 (the paper's code). */
  power?: number;
  /** Abstain when the winner's share of the total Borda weight is below this. Default 0. */
  abstainBelow?: number;
}

/**
 * Borda voting over a signal (Kang, Zhao, Song 2025, algorithms.md §2): all N samples are ranked by
 * the signal, highest first (stable; samples without an answer keep their rank but do not vote;
 * samples without the signal rank last); rank r votes (N − r + 1)^p for its answer.
 */
export function borda(options: BordaOptions = {}): Strategy {
  const signal = options.signal ?? 'self-certainty';
  const needs = signalNeed(signal); // an unknown name fails here, with the list of known ones
  const power = options.power ?? 0.5;
  const abstainBelow = checkAbstainBelow('borda', options.abstainBelow);
  return {
    name: 'borda',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      const values = signalValues('borda', signal, samples, answers, needs);
      const order = samples.map((_, position) => position);
      order.sort((a, b) => (values[b] ?? -Infinity) - (values[a] ?? -Infinity) || a - b);
      const weight = new Float64Array(samples.length);
      order.forEach((position, rank) => {
        weight[position] = (samples.length - rank) ** power;
      });
      const votes = tallyVotes(samples, answers, (_, position) => weight[position] as number);
      return makeDecision({ strategy: 'borda', samples, answers, votes, confidence: weightShare(votes), confidenceKind: 'weight-share', abstainBelow, ...signalExtraUsage(signal, samples) });
    },
  };
}
