/**
 * A sampler spec applied to one next-token distribution: temperature and the truncation filters in
 * the spec's order, giving the distribution a token is drawn from. Pure functions over logits sorted
 * highest first, so every filter keeps a prefix (temperature never reorders tokens).
 *
 * The filters run in llama.cpp's order, top-k → top-p → min-p, then Top-H, each on the distribution
 * left by the one before, renormalised. `truncate-first`: they read the model's probabilities and
 * temperature reshapes what they kept. `temperature-first`: they read the tempered probabilities.
 */
import type { Rng } from '../core/rng.js';
import type { SamplerSpec, TopH } from './sampler-spec.js';

export interface ProcessedDistribution {
  /** Tokens kept: positions 0..size-1 of the sorted logits. */
  readonly size: number;
  /** Their probabilities, summing to 1. */
  readonly probs: Float64Array;
}

const GREEDY: ProcessedDistribution = { size: 1, probs: Float64Array.of(1) };

/** `logits` sorted highest first; `temperature` resolved (the backend's default applied). */
export function processDistribution(logits: Float64Array, spec: SamplerSpec, temperature: number): ProcessedDistribution {
  if (temperature <= 0 || logits.length <= 1) return GREEDY;
  const top = logits[0] as number;
  const filterScale = spec.order === 'temperature-first' ? temperature : 1;
  // Unnormalised probabilities the filters read; exp(0) = 1 for the top token.
  const weights = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) weights[i] = Math.exp(((logits[i] as number) - top) / filterScale);
  let size = logits.length;
  if (spec.topK !== undefined) size = Math.min(size, spec.topK);
  if (spec.topP !== undefined) size = topPSize(weights, size, spec.topP);
  if (spec.minP !== undefined) size = minPSize(weights, size, spec.minP);
  if (spec.topH !== undefined) size = topHSize(weights, size, spec.topH);
  if (filterScale !== temperature) {
    // Truncated first: temperature reshapes only the kept tokens.
    for (let i = 0; i < size; i++) weights[i] = Math.exp(((logits[i] as number) - top) / temperature);
  }
  return normalised(weights, size);
}

function mass(weights: Float64Array, size: number): number {
  let total = 0;
  for (let i = 0; i < size; i++) total += weights[i] as number;
  return total;
}

function normalised(weights: Float64Array, size: number): ProcessedDistribution {
  const total = mass(weights, size);
  const probs = new Float64Array(size);
  for (let i = 0; i < size; i++) probs[i] = (weights[i] as number) / total;
  return { size, probs };
}

/** The smallest prefix whose share of the kept mass reaches p. */
export function topPSize(weights: Float64Array, size: number, p: number): number {
  const target = p * mass(weights, size);
  let cumulative = 0;
  for (let i = 0; i < size; i++) {
    cumulative += weights[i] as number;
    if (cumulative >= target) return i + 1;
  }
  return size;
}

/** Tokens with at least p × the top token's probability (the top token's weight is the largest). */
export function minPSize(weights: Float64Array, size: number, p: number): number {
  const threshold = p * (weights[0] as number);
  let kept = 1;
  while (kept < size && (weights[kept] as number) >= threshold) kept++;
  return kept;
}

const plog2p = (p: number): number => (p > 0 ? p * Math.log2(p) : 0);

/**
 * Top-H's greedy rule as in its reference code (log base 2, probabilities of the top n not
 * renormalised): τ = α·H(top n); keep tokens 1..k for the smallest k whose next partial entropy
 * would pass τ; at least 1 token, at most n.
 */
export function topHSize(weights: Float64Array, size: number, topH: TopH): number {
  const total = mass(weights, size);
  const n = Math.min(topH.topN, size);
  let entropyOfTop = 0;
  for (let i = 0; i < n; i++) entropyOfTop -= plog2p((weights[i] as number) / total);
  const tau = topH.alpha * entropyOfTop;
  let partial = -plog2p((weights[0] as number) / total);
  let kept = 1;
  while (kept < n) {
    const next = partial - plog2p((weights[kept] as number) / total);
    if (next > tau) break;
    partial = next;
    kept++;
  }
  return kept;
}

/** A position drawn from the distribution with one uniform number (greedy draws none). */
export function drawPosition(dist: ProcessedDistribution, rng: Rng): number {
  if (dist.size === 1) return 0;
  let target = rng.next();
  for (let i = 0; i < dist.size; i++) {
    target -= dist.probs[i] as number;
    if (target < 0) return i;
  }
  return dist.size - 1;
}

/** Entropy in nats, with CNTP's reference epsilon: −Σ p ln(p + 1e-10). */
export function processedEntropy(dist: ProcessedDistribution): number {
  let entropy = 0;
  for (let i = 0; i < dist.size; i++) {
    const p = dist.probs[i] as number;
    entropy -= p * Math.log(p + 1e-10);
  }
  return entropy;
}
