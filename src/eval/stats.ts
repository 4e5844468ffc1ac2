/** Small, dependency-free statistics for evaluation reports. */
import { createRng } from '../core/rng.js';

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Ranks from 1 in ascending order, tied values sharing their average rank. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).toSorted((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = Array.from({ length: values.length }, () => 0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[start] as number]) end++;
    for (let k = start; k <= end; k++) ranks[order[k] as number] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** The q-quantile (0..1) of sorted values, interpolating linearly between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - below);
}

export interface BootstrapOptions {
  /** Coverage of the interval. Default 0.95. */
  level?: number;
  /** Resamples drawn. Default 2000. */
  resamples?: number;
  /** Seed of the resampling, so a report is reproducible. Default 0. */
  seed?: number;
}

/**
 * Percentile-bootstrap interval of the mean: resample the values with replacement, take the mean of
 * each resample, and report the middle `level` of those means. It stays inside the values' range
 * (no 101 % upper bounds) and needs no normality assumption.
 */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapOptions = {}): [number, number] {
  const n = values.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const level = options.level ?? 0.95;
  const resamples = options.resamples ?? 2000;
  const rng = createRng(options.seed ?? 0);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[rng.int(n)] as number;
    means[r] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  return [quantile(sorted, (1 - level) / 2), quantile(sorted, 1 - (1 - level) / 2)];
}

/** Pearson's correlation coefficient; NaN when either side is constant or the lengths differ. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2) return Number.NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation: Pearson's on average ranks (ties share their rank, as scipy does). */
export const spearman = (x: readonly number[], y: readonly number[]): number => pearson(averageRanks(x), averageRanks(y));
