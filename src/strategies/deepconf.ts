import { InvalidInputError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import { DEFAULT_WINDOW, GROUP_STATISTICS, groupStatistic, type GroupStatistic } from '../signals/group-confidence.js';
import { DEFAULT_TOP_K, tokenConfidences, type TokenConfidenceSource } from '../signals/token-confidence.js';
import type { Strategy } from './strategy.js';
import { makeDecision, weightShare } from './decision.js';
import { checkAbstainBelow, requireNeed } from './signal-values.js';
import { groupAnswers, isUsable, tallyVotes } from './vote-table.js';

export interface DeepConfOptions {
  /** Trace score. Default `bottom-10` (with `tail`, the paper's strongest offline statistics). */
  statistic?: GroupStatistic;
  /** Percent of traces kept: 10 = DeepConf-low (aggressive), 90 = DeepConf-high. Default 10. */
  eta?: number;
  /** Sliding-window size in tokens. Default 2048. */
  window?: number;
  /**
   * Token confidence: `top-k` is DeepConf's −mean of the top-k logprobs (needs topLogprobs);
   * `logprob` uses the sampled token's logprob and scores a trace by exp(statistic), a probability in
   * (0, 1], for recordings without top-k alternatives. Default `top-k`.
   */
  tokenConfidence?: TokenConfidenceSource;
  /** k of the top-k token confidence. Default 20. */
  topK?: number;
  /** Abstain when the winner's share of the kept traces' total score is below this. Default 0. */
  abstainBelow?: number;
}

/**
 * DeepConf offline (Fu et al. 2025, algorithms.md §4): score each trace with an answer, keep those at
 * or above the (100 − η)th percentile of scores (numpy linear interpolation; ties kept), then vote
 * with the scores as weights. Confidence is the winner's share of the kept traces' total score.
 */
export function deepConf(options: DeepConfOptions = {}): Strategy {
  const statistic = options.statistic ?? 'bottom-10';
  const eta = options.eta ?? 10;
  const window = options.window ?? DEFAULT_WINDOW;
  const source = options.tokenConfidence ?? 'top-k';
  const k = options.topK ?? DEFAULT_TOP_K;
  const abstainBelow = checkAbstainBelow('deepconf', options.abstainBelow);
  if (!GROUP_STATISTICS.includes(statistic)) throw new InvalidInputError(`deepconf: statistic must be one of ${GROUP_STATISTICS.join(', ')}; got "${statistic}"`);
  if (source !== 'top-k' && source !== 'logprob') throw new InvalidInputError(`deepconf: tokenConfidence must be top-k or logprob; got "${String(source)}"`);
  if (!(eta > 0 && eta <= 100)) throw new InvalidInputError(`deepconf: eta is the percent of traces kept, in (0, 100]; got ${String(eta)}`);
  const score = (sample: Sample): number | undefined => {
    const series = tokenConfidences(sample, source, k);
    if (series === undefined) return undefined;
    const value = groupStatistic(series, statistic, window);
    return source === 'logprob' ? Math.exp(value) : value;
  };
  const needs = {
    description: source === 'top-k' ? `top-${k} logprobs per token (topLogprobs)` : 'per-token logprobs',
    has: (sample: Sample) => tokenConfidences(sample, source, k) !== undefined,
  };
  return {
    name: 'deepconf',
    callsModel: false,
    needs,
    aggregate(samples, { answerKind: answers }) {
      const classes = groupAnswers(samples, answers);
      const scores = samples.map((s) => (isUsable(s, answers) ? score(s) : undefined));
      requireNeed('deepconf', needs, samples, answers, source === 'top-k' ? 'use tokenConfidence=logprob for samples with sampled-token logprobs only' : 'use another strategy');
      const scored = scores.filter((x): x is number => x !== undefined);
      const threshold = percentile(scored, 100 - eta);
      const votes = tallyVotes(samples, answers, (_, p) => {
        const s = scores[p];
        return s !== undefined && s >= threshold ? s : 0;
      }, classes);
      return makeDecision({ strategy: 'deepconf', samples, answers, votes, confidence: weightShare(votes), confidenceKind: 'weight-share', abstainBelow });
    },
  };
}

/** numpy's default percentile (linear interpolation between closest ranks); NaN for no values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  const position = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(position);
  const low = sorted[lo] as number;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - lo);
}
