/**
 * Sequence-level signals from the sampled tokens' log-probabilities (capability B, algorithms.md §0–§1):
 * mean logprob L̄ = (1/T) Σ ℓ_j, perplexity exp(−L̄), and the normalized probability P̄ = exp(L̄) = 1/perplexity.
 */
import type { Sample } from '../core/types.js';

/** The sampled tokens' logprobs; empty when the sample carries none (tokens without one are skipped). */
export function tokenLogprobs(sample: Sample): number[] {
  const out: number[] = [];
  for (const token of sample.logprobs ?? []) if (token.logprob !== undefined) out.push(token.logprob);
  return out;
}

/** L̄ = mean token logprob, ≤ 0; undefined without logprobs. */
export function meanLogprob(sample: Sample): number | undefined {
  const logprobs = tokenLogprobs(sample);
  return logprobs.length === 0 ? undefined : logprobs.reduce((a, b) => a + b, 0) / logprobs.length;
}

/** exp(−L̄) ≥ 1 (lower = more confident); undefined without logprobs. */
export function perplexity(sample: Sample): number | undefined {
  const mean = meanLogprob(sample);
  return mean === undefined ? undefined : Math.exp(-mean);
}

/** P̄ = exp(L̄) in (0, 1]: the geometric-mean token probability, 1/perplexity; undefined without logprobs. */
export function normalizedProbability(sample: Sample): number | undefined {
  const mean = meanLogprob(sample);
  return mean === undefined ? undefined : Math.exp(mean);
}

/** The least likely sampled token's logprob; undefined without logprobs. */
export function minLogprob(sample: Sample): number | undefined {
  const logprobs = tokenLogprobs(sample);
  return logprobs.length === 0 ? undefined : Math.min(...logprobs);
}
