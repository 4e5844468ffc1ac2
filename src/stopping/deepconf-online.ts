import { InvalidInputError } from '../core/errors.js';
import type { GeneratedToken, Sample } from '../core/types.js';
import { groupAnswers } from '../strategies/vote-table.js';
import { checkThreshold } from './beta.js';
import { keepGoing, type StopRule, type StopSession, type TokenWatcher } from './stop-rule.js';

export interface DeepConfRuleOptions {
  /** Warm-up traces generated in full to set the threshold. Default 16. */
  warmup?: number;
  /** Sliding window of token confidences, in tokens. Default 2048. */
  window?: number;
  /**
   * `high` keeps traces above the 10th percentile of warm-up confidences (conservative), `low` only
   * those above the 90th (aggressive). Default `high`.
   */
  variant?: 'high' | 'low';
  /** Stop when the confidence-weighted share of the leading answer reaches this. Default 0.95. */
  consensus?: number;
  /** Top-k logprobs per token used for token confidence. Default 20. */
  topK?: number;
}

/** Token confidence: minus the mean logprob of the top-k alternatives (0 when the backend gave none). */
export function tokenConfidence(token: GeneratedToken, k: number): number {
  const top = token.top?.slice(0, k) ?? [];
  return top.length === 0 ? 0 : -top.reduce((sum, t) => sum + t.logprob, 0) / top.length;
}

/** Lowest mean confidence over sliding windows of `window` tokens (the mean of all when shorter). */
export function lowestGroupConfidence(tokens: readonly GeneratedToken[], window: number, k: number): number {
  const c = tokens.map((t) => tokenConfidence(t, k));
  if (c.length === 0) return 0;
  if (c.length <= window) return c.reduce((a, b) => a + b, 0) / c.length;
  let sum = c.slice(0, window).reduce((a, b) => a + b, 0);
  let lowest = sum;
  for (let i = window; i < c.length; i++) {
    sum += (c[i] as number) - (c[i - window] as number);
    lowest = Math.min(lowest, sum);
  }
  return lowest / window;
}

/** numpy-style percentile with linear interpolation. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  return a + ((sorted[hi] ?? a) - a) * (pos - lo);
}

/**
 * DeepConf online (Fu et al. 2025): the first `warmup` traces run in full and set a threshold on the
 * lowest group confidence; later traces are cancelled mid-generation as soon as their window mean
 * falls below it. Sampling stops when the confidence-weighted vote for the leader reaches `consensus`.
 * Needs a backend that streams tokens with top-k logprobs.
 */
export function deepConfRule(options: DeepConfRuleOptions = {}): StopRule {
  const warmup = options.warmup ?? 16;
  const window = options.window ?? 2048;
  const variant = options.variant ?? 'high';
  const consensus = options.consensus ?? 0.95;
  const topK = options.topK ?? 20;
  checkThreshold(consensus, 'deepconf');
  for (const [key, value] of [['warmup', warmup], ['window', window], ['topK', topK]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(`deepconf: ${key} must be a positive integer, got ${String(value)}`);
  }
  const confidenceOf = (s: Sample): number => lowestGroupConfidence(s.logprobs ?? [], window, topK);
  return {
    name: `deepconf-${variant}(${warmup},${window},${consensus})`,
    needsTopLogprobs: topK,
    begin(): StopSession {
      let threshold: number | undefined;
      return {
        check(state) {
          if (threshold === undefined) {
            const warm = state.samples.filter((s) => s.index < warmup);
            if (warm.length < Math.min(warmup, state.maxSamples)) return keepGoing;
            const scores = warm.filter((s) => s.status === 'ok').map(confidenceOf);
            threshold = scores.length === 0 ? 0 : percentile(scores, variant === 'high' ? 10 : 90);
          }
          const cut = threshold;
          // Warm-up traces vote only above the threshold; later ones already survived the watcher.
          const kept = state.samples.filter((s) => s.status === 'ok' && (s.index >= warmup || confidenceOf(s) >= cut));
          const classes = groupAnswers(kept, state.answerKind);
          const weights = classes.map((c) => c.members.reduce((sum, p) => sum + confidenceOf(kept[p] as Sample), 0));
          const total = weights.reduce((a, b) => a + b, 0);
          const best = Math.max(0, ...weights);
          if (total <= 0 || best / total < consensus) return keepGoing;
          const leader = classes[weights.indexOf(best)]?.answer;
          return { stop: true, reason: `confidence-weighted share of ${leader} = ${(best / total).toFixed(3)} ≥ ${consensus}` };
        },
        watch(ordinal): TokenWatcher | undefined {
          if (ordinal < warmup) return undefined;
          const recent: number[] = [];
          let sum = 0;
          return (token) => {
            const c = tokenConfidence(token, topK);
            recent.push(c);
            sum += c;
            if (recent.length > window) sum -= recent.shift() as number;
            if (threshold !== undefined && recent.length === window && sum / window < threshold) return 'cancel';
          };
        },
      };
    },
  };
}
