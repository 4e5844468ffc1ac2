/**
 * Self-certainty (Kang, Zhao, Song 2025; algorithms.md §2): the mean over response tokens of
 * KL(U ‖ p_j) = −ln V − (1/V) Σ_v ln p_j(v). Higher = more certain.
 *
 * Exact only where the backend saw the full distribution (the embedded model fills
 * `GeneratedToken.selfCertainty`). Elsewhere the top-k approximation replaces the full-vocabulary
 * mean −(1/V) Σ_v ln p_j(v) by the mean over the k most likely tokens, −(1/k) Σ_{r≤k} λ_r (DeepConf's
 * token confidence, §4). The two are on different scales (the exact sum is dominated by the V−k tail,
 * which top-k cannot see), so only rankings are comparable: bench/strategies-live.ts measures the rank
 * correlation between them on the embedded model.
 */
import type { Sample } from '../core/types.js';
import { DEFAULT_TOP_K, topKConfidence } from './token-confidence.js';

/** Mean exact self-certainty in nats; undefined unless every token carries it. */
export function exactSelfCertainty(sample: Sample): number | undefined {
  const tokens = sample.logprobs ?? [];
  if (tokens.length === 0) return undefined;
  let sum = 0;
  for (const token of tokens) {
    if (token.selfCertainty === undefined) return undefined;
    sum += token.selfCertainty;
  }
  return sum / tokens.length;
}

/** Mean top-k token confidence −(1/k) Σ_{r≤k} λ_r; undefined unless every token carries top alternatives. */
export function topKSelfCertainty(sample: Sample, k = DEFAULT_TOP_K): number | undefined {
  const tokens = sample.logprobs ?? [];
  if (tokens.length === 0) return undefined;
  let sum = 0;
  for (const token of tokens) {
    const confidence = topKConfidence(token, k);
    if (confidence === undefined) return undefined;
    sum += confidence;
  }
  return sum / tokens.length;
}

/** Exact where the backend gave full distributions, the top-k approximation otherwise. */
export function selfCertainty(sample: Sample, k = DEFAULT_TOP_K): number | undefined {
  return exactSelfCertainty(sample) ?? topKSelfCertainty(sample, k);
}
