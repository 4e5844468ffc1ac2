import { createRng, deriveSeed, type Rng } from '../core/rng.js';
import { betaLeaderProbability, checkThreshold } from './beta.js';
import { keepGoing, statelessRule, type StopRule } from './stop-rule.js';
import { voteCounts } from './vote-counts.js';

export interface DirichletOptions {
  /** Stop when P(leader has the largest share) reaches this. Default 0.95. */
  threshold?: number;
  /** Monte-Carlo draws per check. Default 20000. */
  draws?: number;
  /** Classes considered (largest first). Default 5, as in the reference. */
  topK?: number;
  /** Seed of the Monte-Carlo draws. Default 0. */
  seed?: number;
}

/** One Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shape ≥ 1 here, as shapes are counts + 1). */
function gamma(shape: number, rng: Rng): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Box–Muller; 1 - next() keeps the log argument in (0, 1].
      x = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * P(p_1 > max_{i≥2} p_i) under Dir(v_1+1, …, v_K+1), by Monte Carlo (gamma draws, normalising is not
 * needed to find the argmax). Deterministic for a given seed and counts.
 */
export function dirichletLeaderProbability(counts: readonly number[], draws: number, seed: number): number {
  const rng = createRng(deriveSeed(seed, ...counts));
  let wins = 0;
  for (let d = 0; d < draws; d++) {
    const first = gamma((counts[0] ?? 0) + 1, rng);
    let best = 0;
    for (let i = 1; i < counts.length; i++) best = Math.max(best, gamma((counts[i] ?? 0) + 1, rng));
    if (first > best) wins++;
  }
  return wins / draws;
}

/**
 * Adaptive-Consistency, Dirichlet variant: the top-K classes under a Dirichlet posterior; with fewer
 * than three classes it is the Beta rule. Results are cached per count vector, since the same counts
 * recur across questions.
 */
export function dirichletRule(options: DirichletOptions = {}): StopRule {
  const threshold = options.threshold ?? 0.95;
  checkThreshold(threshold, 'dirichlet');
  const draws = options.draws ?? 20000;
  const topK = options.topK ?? 5;
  const seed = options.seed ?? 0;
  const cache = new Map<string, number>();
  const probability = (counts: number[]): number => {
    if (counts.length < 3) return betaLeaderProbability(counts[0] ?? 0, counts[1] ?? 0);
    const key = counts.join(',');
    let p = cache.get(key);
    if (p === undefined) {
      p = dirichletLeaderProbability(counts, draws, seed);
      cache.set(key, p);
    }
    return p;
  };
  return statelessRule(`dirichlet(${threshold})`, (state) => {
    const { counts, leader } = voteCounts(state);
    if ((counts[0] ?? 0) === 0) return keepGoing;
    const p = probability(counts.slice(0, topK));
    return p >= threshold ? { stop: true, reason: `P(${leader} has the largest share) ≈ ${p.toFixed(4)} ≥ ${threshold}` } : keepGoing;
  });
}
