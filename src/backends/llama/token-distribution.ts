/**
 * The raw next-token distribution as JavaScript numbers, sorted highest first: logprobs, top
 * alternatives, exact entropy and self-certainty. Pure functions, no llama.cpp.
 */

export interface TokenDistribution {
  /** Token ids, most likely first. */
  readonly tokens: Int32Array;
  /** Raw logits, parallel to `tokens` (highest first). */
  readonly logits: Float64Array;
  /** ln Σ exp(z): subtract it from a logit to get a log-probability. */
  readonly logSumExp: number;
}

/**
 * From llama.cpp's logits map (already sorted highest first; sorted here when not). `scale`
 * multiplies every logit: llama.cpp hands back logits divided by the temperature it sampled at, and
 * scaling by that temperature recovers the raw ones.
 */
export function toDistribution(logits: ReadonlyMap<number, number>, scale = 1): TokenDistribution {
  const size = logits.size;
  let tokens = new Int32Array(size);
  let values = new Float64Array(size);
  let i = 0;
  let sorted = true;
  for (const [token, logit] of logits) {
    tokens[i] = token;
    values[i] = logit * scale;
    if (i > 0 && (values[i] as number) > (values[i - 1] as number)) sorted = false;
    i++;
  }
  if (!sorted) {
    const order = Array.from(values.keys()).toSorted((a, b) => (values[b] as number) - (values[a] as number));
    tokens = Int32Array.from(order, (at) => tokens[at] as number);
    values = Float64Array.from(order, (at) => values[at] as number);
  }
  const max = values[0] ?? 0;
  let sum = 0;
  for (let j = 0; j < size; j++) sum += Math.exp((values[j] as number) - max);
  return { tokens, logits: values, logSumExp: max + Math.log(sum) };
}

export const logprobAt = (dist: TokenDistribution, position: number): number => (dist.logits[position] as number) - dist.logSumExp;

/** The position of a token, searched from the most likely (a sampled token is usually near the top). */
export function positionOf(dist: TokenDistribution, token: number): number {
  const at = dist.tokens.indexOf(token);
  if (at < 0) throw new Error(`internal: token ${token} is not in the distribution`);
  return at;
}

/**
 * Exact statistics of the full distribution, in nats: entropy H(p) and self-certainty
 * KL(U ‖ p) = logsumexp(z) − mean(z) − ln V (algorithms.md §2).
 */
export function distributionStats(dist: TokenDistribution): { entropy: number; selfCertainty: number } {
  const size = dist.logits.length;
  let sumLogits = 0;
  let expectedLogit = 0;
  for (let i = 0; i < size; i++) {
    const z = dist.logits[i] as number;
    sumLogits += z;
    expectedLogit += Math.exp(z - dist.logSumExp) * z;
  }
  return {
    entropy: dist.logSumExp - expectedLogit,
    selfCertainty: dist.logSumExp - sumLogits / size - Math.log(size),
  };
}
