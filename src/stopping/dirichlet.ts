import { betaLeaderProbability, checkThreshold } from './beta.js';
import { keepGoing, statelessRule, type StopRule } from './stop-rule.js';

export interface DirichletOptions {
  /** Stop when P(leader has the largest share) reaches this. Default 0.95. */
  threshold?: number;
  /** Classes considered (largest first). Default 5, as in the reference. */
  topK?: number;
}

/** P(G ≤ x) for G ~ Gamma(k, 1) with integer k: 1 − e^{−x} Σ_{j<k} x^j / j!. */
function gammaCdf(k: number, x: number): number {
  let term = Math.exp(-x);
  let tail = 0;
  for (let j = 0; j < k; j++) {
    tail += term;
    term *= x / (j + 1);
  }
  return Math.max(0, 1 - tail);
}

const logFactorial = (n: number): number => {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
};

/** Results by counts: the same count vectors recur across questions and runs. */
const cache = new Map<string, number>();

/**
 * P(p_1 > max_{i≥2} p_i) under Dir(v_1+1, …, v_K+1). A Dirichlet draw is independent gammas divided
 * by their sum, so this is P(G_1 > max G_i) = ∫ f_{G_1}(x) Π_{i≥2} F_{G_i}(x) dx: a one-dimensional
 * integral, done by Simpson's rule over where G_1 has its mass (exact to ~1e-6, and deterministic,
 * unlike the reference's Monte Carlo).
 */
export function dirichletLeaderProbability(counts: readonly number[]): number {
  const key = counts.join(',');
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const shape = (counts[0] ?? 0) + 1;
  const others = counts.slice(1).map((c) => c + 1);
  const spread = 10 * Math.sqrt(shape) + 10;
  const lo = Math.max(0, shape - spread);
  const hi = shape + spread;
  const steps = 600;
  const h = (hi - lo) / steps;
  const logNorm = logFactorial(shape - 1);
  const integrand = (x: number): number =>
    x <= 0 ? 0 : Math.exp((shape - 1) * Math.log(x) - x - logNorm) * others.reduce((p, k) => p * gammaCdf(k, x), 1);
  let sum = integrand(lo) + integrand(hi);
  for (let i = 1; i < steps; i++) sum += integrand(lo + i * h) * (i % 2 ? 4 : 2);
  const p = Math.min(1, (sum * h) / 3);
  cache.set(key, p);
  return p;
}

const leaderProbability = (counts: number[]): number =>
  counts.length < 3 ? betaLeaderProbability(counts[0] ?? 0, counts[1] ?? 0) : dirichletLeaderProbability(counts);

/**
 * Adaptive-Consistency, Dirichlet variant: the top-K classes under a Dirichlet posterior; with fewer
 * than three classes it is the Beta rule.
 */
export function dirichletRule(options: DirichletOptions = {}): StopRule {
  const threshold = options.threshold ?? 0.95;
  checkThreshold(threshold, 'dirichlet');
  const topK = options.topK ?? 5;
  return statelessRule(`dirichlet(${threshold})`, (state) => {
    const { counts, leader } = state.votes;
    if ((counts[0] ?? 0) === 0) return keepGoing;
    const p = leaderProbability(counts.slice(0, topK));
    return p >= threshold ? { stop: true, reason: `P(${leader} has the largest share) = ${p.toFixed(4)} ≥ ${threshold}` } : keepGoing;
  });
}
