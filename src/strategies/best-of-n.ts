import { signalNeed, type SignalName } from '../signals/registry.js';
import type { Strategy } from './strategy.js';
import { makeDecision } from './decision.js';
import { checkAbstainBelow, signalExtraUsage, signalValues } from './signal-values.js';
import { isUsable, tallyVotes } from './vote-table.js';

export interface BestOfNOptions {
  /** The per-sample signal to maximise (see docs/strategies.md). Default `self-certainty` (Kang et al. 2025). */
  signal?: SignalName;
  /** Abstain when the chosen answer's share of usable votes is below this. Default 0. */
  abstainBelow?: number;
}

/**
 * Best-of-N: the usable sample with the highest signal wins (ties: earliest); samples without an
 * answer or without the signal are never chosen. A signal such as a reward-model score is not a
 * probability, so confidence is the share of usable samples agreeing with the chosen answer.
 */
export function bestOfN(options: BestOfNOptions = {}): Strategy {
  const signal = options.signal ?? 'self-certainty';
  const needs = signalNeed(signal); // an unknown name fails here, with the list of known ones
  const abstainBelow = checkAbstainBelow('best-of-n', options.abstainBelow);
  return {
    name: 'best-of-n',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      const votes = tallyVotes(samples, answers);
      const values = signalValues('best-of-n', signal, samples, answers, needs);
      let best: number | undefined;
      samples.forEach((sample, position) => {
        const value = values[position];
        if (value === undefined || !isUsable(sample, answers)) return;
        if (best === undefined || value > (values[best] as number)) best = position;
      });
      if (best === undefined) {
        return makeDecision({ strategy: 'best-of-n', samples, answers, votes, answer: null, confidence: 0, confidenceKind: 'vote-share', abstainBelow, ...signalExtraUsage(signal, samples) });
      }
      const chosen = samples[best]!;
      const vote = votes.find((v) => v.samples.includes(chosen.index))!;
      const usable = votes.reduce((sum, v) => sum + v.count, 0);
      return makeDecision({
        strategy: 'best-of-n',
        samples,
        answers,
        votes,
        answer: vote.answer,
        confidence: vote.count / usable,
        confidenceKind: 'vote-share',
        abstainBelow,
        chosen: chosen.index,
        ...signalExtraUsage(signal, samples),
      });
    },
  };
}
