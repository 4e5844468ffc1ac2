/**
 * The exponentiated power law of Large Language Monkeys: log c(k) ≈ a·k^b, i.e. c(k) ≈ exp(a·k^b)
 * with a < 0 and b < 0 so coverage climbs towards 1. Fitted by least squares on log c. For a fixed b
 * the best a is closed-form, so the fit is a one-dimensional search over b — no optimiser needed.
 */
import type { CoveragePoint } from './pass-at-k.js';

export interface CoverageFit {
  a: number;
  b: number;
  /** Root mean squared error of the fit on log coverage. */
  rmse: number;
  /** Points the fit used (coverage 0 has no logarithm and is left out). */
  points: number;
}

export const predictCoverage = (fit: Pick<CoverageFit, 'a' | 'b'>, k: number): number => Math.exp(fit.a * k ** fit.b);

/** Null when fewer than two points have coverage above 0 (no curve to fit). */
export function fitCoverage(curve: readonly CoveragePoint[]): CoverageFit | null {
  const points = curve.filter((p) => p.coverage > 0).map((p) => ({ k: p.k, y: Math.log(p.coverage) }));
  if (points.length < 2) return null;
  const errorAt = (b: number): { a: number; sse: number } => {
    let num = 0;
    let den = 0;
    for (const p of points) {
      const x = p.k ** b;
      num += p.y * x;
      den += x * x;
    }
    const a = num / den;
    let sse = 0;
    for (const p of points) sse += (p.y - a * p.k ** b) ** 2;
    return { a, sse };
  };
  // Coarse grid to find the basin, then golden-section refinement inside it.
  let best = -3;
  for (let b = -3; b <= 0; b += 0.01) if (errorAt(b).sse < errorAt(best).sse) best = b;
  let lo = Math.max(-3, best - 0.01);
  let hi = Math.min(0, best + 0.01);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const m1 = hi - ratio * (hi - lo);
    const m2 = lo + ratio * (hi - lo);
    if (errorAt(m1).sse < errorAt(m2).sse) hi = m2;
    else lo = m1;
  }
  const b = (lo + hi) / 2;
  const { a, sse } = errorAt(b);
  return { a, b, rmse: Math.sqrt(sse / points.length), points: points.length };
}
