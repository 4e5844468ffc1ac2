/**
 * Per-sample signals by name, all oriented higher = more confident, so best-of-n, Borda and the eval
 * can rank samples by any of them. A signal is undefined for a sample that lacks its inputs
 * (no logprobs, no top-k alternatives, no external score).
 */
import { UnknownNameError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import { meanTokenEntropy } from './entropy.js';
import { groupStatistic, type GroupStatistic } from './group-confidence.js';
import { meanLogprob, minLogprob, normalizedProbability } from './logprob.js';
import { exactSelfCertainty, selfCertainty, topKSelfCertainty } from './self-certainty.js';
import { tokenConfidences } from './token-confidence.js';
import { verifierScore } from './verifier-score.js';

export type SignalFn = (sample: Sample) => number | undefined;

const topKGroup =
  (statistic: GroupStatistic): SignalFn =>
  (sample) => {
    const series = tokenConfidences(sample, 'top-k');
    return series === undefined ? undefined : groupStatistic(series, statistic);
  };

const negated =
  (signal: SignalFn): SignalFn =>
  (sample) => {
    const value = signal(sample);
    return value === undefined ? undefined : -value;
  };

const signals = {
  /** The external score (reward model, verifier). */
  score: (sample: Sample) => sample.score,
  'mean-logprob': meanLogprob,
  /** exp(mean logprob) = 1/perplexity. */
  'normalized-probability': normalizedProbability,
  'min-logprob': minLogprob,
  /** Exact where available, top-k approximation otherwise. */
  'self-certainty': (sample: Sample) => selfCertainty(sample),
  'self-certainty-exact': exactSelfCertainty,
  'self-certainty-top-k': (sample: Sample) => topKSelfCertainty(sample),
  /** DeepConf statistics of the top-20 token confidence, window 2048. */
  'token-confidence': topKGroup('average'),
  'lowest-group': topKGroup('lowest-group'),
  'bottom-10': topKGroup('bottom-10'),
  tail: topKGroup('tail'),
  /** −(mean token entropy). */
  'negative-entropy': negated(meanTokenEntropy),
  /** The score of the checks of the verifier that checked the sample last (mean over its judged checks). */
  verifier: (sample: Sample) => verifierScore(sample),
} satisfies Record<string, SignalFn>;

export type SignalName = keyof typeof signals;

export const signalNames = (): SignalName[] => Object.keys(signals) as SignalName[];

export function getSignal(name: string): SignalFn {
  if (!Object.hasOwn(signals, name)) throw new UnknownNameError('signal', name, signalNames());
  return signals[name as SignalName];
}

/** What each signal needs from the backend, for error messages. */
function signalRequirement(name: SignalName): string {
  if (name === 'score') return 'an external per-sample score (Sample.score, e.g. a reward model)';
  if (name === 'verifier') return 'a verifier check on the sample (verify the samples first, e.g. --verify rederive)';
  if (name === 'mean-logprob' || name === 'normalized-probability' || name === 'min-logprob') return 'per-token logprobs';
  if (name === 'self-certainty-exact') return 'exact per-token self-certainty (a full-distribution backend such as the embedded model, with distributionStats)';
  if (name === 'self-certainty' || name === 'negative-entropy') return 'exact distribution statistics or top-k logprobs per token';
  return 'top-k logprobs per token (topLogprobs, k = 20)';
}

/** A signal as a sample need: described, and present on a sample when the signal is defined there. */
export function signalNeed(name: SignalName): { description: string; has(sample: Sample): boolean } {
  const signal = getSignal(name);
  return { description: signalRequirement(name), has: (sample) => signal(sample) !== undefined };
}
