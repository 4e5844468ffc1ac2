/**
 * The raw next-token distribution as JavaScript numbers: logprobs, top alternatives, exact entropy and
 * self-certainty, and seeded sampling with temperature / top-p. Pure functions, no llama.cpp.
 */
import type { Rng } from '../../core/rng.js';

export interface TokenDistribution {
  /** Token ids, in the order the logits came (llama.cpp gives them highest first). */
  readonly tokens: Int32Array;
  /** Raw logits, parallel to `tokens`. */
  readonly logits: Float64Array;
  readonly maxLogit: number;
  /** ln Σ exp(z): subtract it from a logit to get a log-probability. */
  readonly logSumExp: number;
  /** Whether `logits` is already sorted high to low (saves a sort for top-p). */
  readonly sortedDesc: boolean;
}

export function toDistribution(logits: ReadonlyMap<number, number>): TokenDistribution {
  const size = logits.size;
  const tokens = new Int32Array(size);
  const values = new Float64Array(size);
  let i = 0;
  let maxLogit = -Infinity;
  let sortedDesc = true;
  for (const [token, logit] of logits) {
    tokens[i] = token;
    values[i] = logit;
    if (i > 0 && logit > (values[i - 1] as number)) sortedDesc = false;
    if (logit > maxLogit) maxLogit = logit;
    i++;
  }
  let sum = 0;
  for (let j = 0; j < size; j++) sum += Math.exp((values[j] as number) - maxLogit);
  return { tokens, logits: values, maxLogit, logSumExp: maxLogit + Math.log(sum), sortedDesc };
}

export const logprobAt = (dist: TokenDistribution, index: number): number =>
  (dist.logits[index] as number) - dist.logSumExp;

/** Positions ordered by logit, highest first (a copy; stable for equal logits). */
function orderDesc(dist: TokenDistribution): number[] {
  const order = Array.from(dist.logits.keys());
  if (!dist.sortedDesc) order.sort((a, b) => (dist.logits[b] as number) - (dist.logits[a] as number));
  return order;
}

/** The k most likely positions, most likely first. */
export function topPositions(dist: TokenDistribution, k: number): number[] {
  if (k <= 0) return [];
  if (dist.sortedDesc) return Array.from({ length: Math.min(k, dist.logits.length) }, (_, i) => i);
  // Keep a small sorted buffer instead of sorting the whole vocabulary.
  const best: number[] = [];
  for (let i = 0; i < dist.logits.length; i++) {
    const z = dist.logits[i] as number;
    if (best.length === k && z <= (dist.logits[best[k - 1] as number] as number)) continue;
    let at = best.length;
    while (at > 0 && z > (dist.logits[best[at - 1] as number] as number)) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
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

export interface SamplingParams {
  /** 0 = greedy. */
  temperature: number;
  /** Nucleus mass in (0, 1]; 1 keeps every token. */
  topP: number;
}

/** Draws a position from the distribution tempered by T and truncated to the top-p nucleus. */
export function samplePosition(dist: TokenDistribution, params: SamplingParams, rng: Rng): number {
  const { temperature, topP } = params;
  if (temperature <= 0) return topPositions(dist, 1)[0] ?? 0;
  const candidates = topP < 1 ? orderDesc(dist) : Array.from(dist.logits.keys());
  const weights = candidates.map((i) => Math.exp(((dist.logits[i] as number) - dist.maxLogit) / temperature));
  let total = weights.reduce((a, b) => a + b, 0);
  let kept = candidates.length;
  if (topP < 1) {
    // Smallest prefix (highest first) whose mass reaches topP.
    let mass = 0;
    for (let i = 0; i < candidates.length; i++) {
      mass += weights[i] as number;
      if (mass >= topP * total) {
        kept = i + 1;
        total = mass;
        break;
      }
    }
  }
  let target = rng.next() * total;
  for (let i = 0; i < kept; i++) {
    target -= weights[i] as number;
    if (target < 0) return candidates[i] as number;
  }
  return candidates[kept - 1] as number;
}
