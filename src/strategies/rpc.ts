import type { Sample, Vote } from '../core/types.js';
import { normalizedProbability } from '../signals/logprob.js';
import { signalNeed } from '../signals/registry.js';
import type { Strategy } from './strategy.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow, requireNeed } from './signal-values.js';
import { groupAnswers, tallyVotes, type AnswerClass } from './vote-table.js';
import { fitWeibullMixture, highComponentProbability, rememberingFit, type WeibullMixture } from './weibull-mixture.js';

export interface RpcOptions {
  /** Reasoning pruning with the Weibull-mixture rule. Default true. */
  prune?: boolean;
  /** Fewest paths with a probability for the mixture to be fitted; below it nothing is pruned. Default 5. */
  minPathsToPrune?: number;
  /** Abstain when the winner's share of the total path probability is below this. Default 0. */
  abstainBelow?: number;
}

/**
 * RPC (Zhou et al. 2025, algorithms.md §3): perplexity consistency plus reasoning pruning. Each path's
 * probability is q = exp(mean token logprob). Paths in the low component of a two-Weibull mixture
 * fitted to the q's and below their mean are pruned (they keep their class but add nothing). A class
 * scores the sum of q over its distinct completion texts (identical texts count once). Confidence is
 * the winner's share of the total score; if pruning left every class at 0, majority vote decides.
 */
export function rpc(options: RpcOptions = {}): Strategy {
  const prune = options.prune ?? true;
  const minPaths = options.minPathsToPrune ?? 5;
  const abstainBelow = checkAbstainBelow('rpc', options.abstainBelow);
  const needs = signalNeed('normalized-probability');
  const fit = rememberingFit();
  return {
    name: 'rpc',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      requireNeed('rpc', needs, samples, answers, 'use majority or weighted (rpc weighs each path by its token probabilities)');
      const q = samples.map(normalizedProbability);
      const classes = groupAnswers(samples, answers);
      const members = classes.flatMap((c) => c.members);
      const pruned = prune ? prunedPaths(members.flatMap((p) => (q[p] === undefined ? [] : [[p, q[p]] as const])), minPaths, fit) : new Set<number>();
      const weight = distinctPathWeights(samples, classes, (p) => (pruned.has(p) ? 0 : (q[p] ?? 0)));
      let votes: Vote[] = tallyVotes(samples, answers, (_, p) => weight.get(p) ?? 0, classes);
      let confidence = weightShare(votes);
      if (votes.length > 0 && confidence === 0) {
        votes = tallyVotes(samples, answers, () => 1, classes);
        confidence = weightShare(votes);
      }
      return makeDecision({ strategy: 'rpc', samples, answers, votes, confidence, confidenceKind: 'weight-share', abstainBelow });
    },
  };
}

/** Positions pruned by the rule: low-component membership more likely AND q below the mean q. */
export function prunedPaths(
  paths: readonly (readonly [number, number])[],
  minPaths: number,
  fit: (qs: readonly number[]) => WeibullMixture | undefined = fitWeibullMixture,
): Set<number> {
  const pruned = new Set<number>();
  const qs = paths.map(([, q]) => q);
  if (qs.length < minPaths || qs.every((q) => q === qs[0])) return pruned;
  const mixture = fit(qs);
  if (mixture === undefined) return pruned;
  const meanQ = qs.reduce((a, b) => a + b, 0) / qs.length;
  for (const [position, q] of paths) {
    if (highComponentProbability(mixture, q) < 0.5 && q < meanQ) pruned.add(position);
  }
  return pruned;
}

/** Weight per position: a class counts each distinct completion text once (its first occurrence). */
function distinctPathWeights(samples: readonly Sample[], classes: readonly AnswerClass[], weightAt: (p: number) => number): Map<number, number> {
  const weights = new Map<number, number>();
  for (const cls of classes) {
    const seen = new Set<string>();
    for (const p of cls.members) {
      const text = (samples[p] as Sample).text;
      weights.set(p, seen.has(text) ? 0 : weightAt(p));
      seen.add(text);
    }
  }
  return weights;
}
