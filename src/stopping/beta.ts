import { InvalidInputError } from '../core/errors.js';
import { keepGoing, statelessRule, type StopRule } from './stop-rule.js';

export interface BetaOptions {
  /** Stop when P(leader's share > ½) reaches this. Default 0.95 (Aggarwal et al. 2023). */
  threshold?: number;
}

/**
 * P(p1 > ½ | Beta(v1+1, v2+1)) for integer counts, in closed form:
 * Σ_{j=0}^{v1} C(v1+v2+1, j) / 2^{v1+v2+1}, summed in log space so large counts do not overflow.
 */
export function betaLeaderProbability(v1: number, v2: number): number {
  const n = v1 + v2 + 1;
  let logTerm = -n * Math.LN2; // log C(n, 0) / 2^n
  let sum = 0;
  for (let j = 0; j <= v1; j++) {
    sum += Math.exp(logTerm);
    logTerm += Math.log(n - j) - Math.log(j + 1);
  }
  return Math.min(1, sum);
}

export function checkThreshold(threshold: number, rule: string): void {
  if (!(threshold > 0 && threshold < 1)) throw new InvalidInputError(`${rule}: threshold must be in (0, 1), got ${String(threshold)}`);
}

/**
 * Adaptive-Consistency, Beta variant: treat the leader and the runner-up as a two-way race with a
 * uniform prior and stop once the leader is ahead in share with posterior probability ≥ threshold.
 * Four unanimous answers stop at 0.95 (0.969); three do not (0.9375).
 */
export function betaRule(options: BetaOptions = {}): StopRule {
  const threshold = options.threshold ?? 0.95;
  checkThreshold(threshold, 'beta');
  return statelessRule(`beta(${threshold})`, (state) => {
    const { counts, leader } = state.votes;
    const v1 = counts[0] ?? 0;
    if (v1 === 0) return keepGoing;
    const p = betaLeaderProbability(v1, counts[1] ?? 0);
    return p >= threshold ? { stop: true, reason: `P(${leader} leads) = ${p.toFixed(4)} ≥ ${threshold}` } : keepGoing;
  });
}
