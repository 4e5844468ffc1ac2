/**
 * Per-token confidence series, the input of DeepConf's trace statistics (algorithms.md §4).
 * - `top-k`: C_j = −(1/k) Σ_{r≤k} λ_{j,r} over the k most likely alternatives (DeepConf, k = 20), ≥ 0;
 * - `logprob`: the sampled token's own logprob ℓ_j ≤ 0, for backends and recordings that have no
 *   top-k alternatives (e.g. the toy-arith recordings). Both are higher = more confident.
 */
import type { GeneratedToken, Sample } from '../core/types.js';

export const DEFAULT_TOP_K = 20;

export type TokenConfidenceSource = 'top-k' | 'logprob';

/** −(1/k) Σ of the k largest alternatives' logprobs (fewer when the backend returned fewer); undefined without any. */
export function topKConfidence(token: GeneratedToken, k = DEFAULT_TOP_K): number | undefined {
  const top = token.top;
  if (top === undefined || top.length === 0) return undefined;
  // Backends return the list most likely first; sort anyway, since some append the sampled token (k+1 entries).
  const best = top.map((t) => t.logprob).toSorted((a, b) => b - a).slice(0, k);
  return -best.reduce((a, b) => a + b, 0) / best.length;
}

/** The series for one sample; undefined when some token lacks what the source needs (or there are no tokens). */
export function tokenConfidences(sample: Sample, source: TokenConfidenceSource, k = DEFAULT_TOP_K): number[] | undefined {
  const tokens = sample.logprobs ?? [];
  if (tokens.length === 0) return undefined;
  const out: number[] = [];
  for (const token of tokens) {
    const value = source === 'top-k' ? topKConfidence(token, k) : token.logprob;
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}
