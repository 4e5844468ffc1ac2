/**
 * Token entropy H(p_j) = −Σ_v p_j(v) ln p_j(v), averaged over a response's tokens (lower = more
 * certain). Exact where the backend saw the full distribution (`GeneratedToken.entropy`); otherwise
 * estimated from the top-k alternatives as −Σ_{r≤k} p_r ln p_r, which leaves out the tail and so is a
 * lower bound on the exact value.
 */
import type { GeneratedToken, Sample } from '../core/types.js';

export function topKEntropy(token: GeneratedToken): number | undefined {
  if (token.top === undefined || token.top.length === 0) return undefined;
  return -token.top.reduce((sum, t) => sum + Math.exp(t.logprob) * t.logprob, 0);
}

/** Mean token entropy in nats: exact when every token carries it, else the top-k estimate, else undefined. */
export function meanTokenEntropy(sample: Sample): number | undefined {
  const tokens = sample.logprobs ?? [];
  if (tokens.length === 0) return undefined;
  const exact = tokens.every((t) => t.entropy !== undefined);
  let sum = 0;
  for (const token of tokens) {
    const value = exact ? token.entropy : topKEntropy(token);
    if (value === undefined) return undefined;
    sum += value;
  }
  return sum / tokens.length;
}
