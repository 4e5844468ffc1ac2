import type { AnswerKind } from '../answers/answer-kind.js';
import type { Sample } from '../core/types.js';
import type { Strategy } from './strategy.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow } from './signal-values.js';
import { groupAnswers, isUsable, tallyVotes } from './vote-table.js';

export interface EnsembleOptions {
  /** Abstain when the winner's share of the total weight is below this. Default 0. */
  abstainBelow?: number;
}

/** The source of samples that carry none. */
export const DEFAULT_SOURCE = 'default';

/**
 * Votes pooled from several backends or models (`Sample.source`), each source's votes weighted by its
 * own agreement: the share of that source's usable samples that give its own most frequent answer
 * (a model that keeps contradicting itself counts less). With one source this is majority vote.
 * Confidence is the winner's share of the total weight.
 */
export function ensemble(options: EnsembleOptions = {}): Strategy {
  const abstainBelow = checkAbstainBelow('ensemble', options.abstainBelow);
  return {
    name: 'ensemble',
    callsModel: false,
    aggregate(samples, { answerKind: answers }) {
      const agreement = sourceAgreement(samples, answers);
      const votes = tallyVotes(samples, answers, (s) => agreement.get(s.source ?? DEFAULT_SOURCE) ?? 0);
      return makeDecision({ strategy: 'ensemble', samples, answers, votes, confidence: weightShare(votes), confidenceKind: 'weight-share', abstainBelow });
    },
  };
}

/** Per source: (size of its largest answer class) / (its usable samples). */
export function sourceAgreement(samples: readonly Sample[], answers: AnswerKind): Map<string, number> {
  const bySource = new Map<string, Sample[]>();
  for (const sample of samples) {
    if (!isUsable(sample, answers)) continue;
    const source = sample.source ?? DEFAULT_SOURCE;
    bySource.set(source, [...(bySource.get(source) ?? []), sample]);
  }
  const agreement = new Map<string, number>();
  for (const [source, group] of bySource) agreement.set(source, Math.max(...groupAnswers(group, answers).map((c) => c.members.length)) / group.length);
  return agreement;
}
