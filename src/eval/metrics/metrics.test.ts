import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../../test/shared.js';
import { fitCoverage, predictCoverage } from './coverage-fit.js';
import { coverageCurve, logGrid, passAtK } from './pass-at-k.js';
import { reliabilityBins, riskCoverage } from './reliability.js';

const choose = (n: number, k: number): number => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
};

describe('pass@k', () => {
  it('equals 1 − C(n−c, k)/C(n, k) and its edge cases', () => {
    for (const [n, c, k] of [[10, 3, 1], [10, 3, 4], [20, 1, 5], [16, 0, 8], [16, 16, 1], [7, 2, 5]] as const) {
      const expected = n - c < k ? 1 : 1 - choose(n - c, k) / choose(n, k);
      expect(passAtK(n, c, k)).toBeCloseTo(expected, 12);
    }
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    expect(passAtK(10, 0, 10)).toBe(0);
    expect(passAtK(10, 3, 8)).toBe(1);
    expect(() => passAtK(4, 5, 1)).toThrow(/0 ≤ c ≤ n/);
  });

  it('stays finite for large pools where binomials overflow', () => {
    expect(passAtK(10_000, 2, 5_000)).toBeCloseTo(1 - (5_000 * 4_999) / (10_000 * 9_999), 9);
  });

  it('reproduces the toy-arith README coverage: any-of-16 at T=1 is 86.5 %', () => {
    const byId = new Map<string, { n: number; correct: number }>();
    for (const line of readFileSync(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'), 'utf8').trim().split('\n')) {
      const row = JSON.parse(line) as { id: string; mode: string; correct: boolean };
      if (row.mode !== 'T1') continue;
      const counts = byId.get(row.id) ?? { n: 0, correct: 0 };
      counts.n++;
      counts.correct += row.correct ? 1 : 0;
      byId.set(row.id, counts);
    }
    expect(byId.size).toBe(200);
    const curve = coverageCurve([...byId.values()]);
    expect(curve.map((p) => p.k)).toEqual([1, 2, 4, 8, 16]);
    expect(curve.at(-1)?.coverage).toBeCloseTo(0.865, 3);
    expect(curve[0]?.coverage).toBeCloseTo(0.418125, 5);
    const fit = fitCoverage(curve);
    expect(fit?.a).toBeLessThan(0);
    expect(fit?.b).toBeLessThan(0);
    // The law fits real coverage closely (within 3 points at every k).
    for (const p of curve) expect(Math.abs(predictCoverage(fit!, p.k) - p.coverage)).toBeLessThan(0.03);
  });
});

describe('coverage fit', () => {
  it('recovers the parameters of an exact exponentiated power law', () => {
    const curve = logGrid(1024).map((k) => ({ k, coverage: Math.exp(-1.3 * k ** -0.45) }));
    const fit = fitCoverage(curve);
    expect(fit?.a).toBeCloseTo(-1.3, 4);
    expect(fit?.b).toBeCloseTo(-0.45, 4);
    expect(fit?.rmse).toBeLessThan(1e-6);
  });

  it('leaves out zero coverage and gives up with fewer than two points', () => {
    expect(fitCoverage([{ k: 1, coverage: 0 }, { k: 2, coverage: 0.5 }])).toBeNull();
    expect(logGrid(10)).toEqual([1, 2, 4, 8, 10]);
  });
});

describe('reliability and risk–coverage', () => {
  it('bins (lo, hi] with mean confidence and accuracy per bin', () => {
    const bins = reliabilityBins(
      [
        { confidence: 0, correct: false },
        { confidence: 0.1, correct: true },
        { confidence: 0.15, correct: false },
        { confidence: 1, correct: true },
      ],
      10,
    );
    expect(bins[0]).toMatchObject({ count: 2, accuracy: 0.5, confidence: 0.05 });
    expect(bins[1]).toMatchObject({ count: 1, accuracy: 0 });
    expect(bins[9]).toMatchObject({ count: 1, accuracy: 1, confidence: 1 });
    expect(bins[5]?.count).toBe(0);
  });

  it('answers the most confident first, ties together, and integrates the risk', () => {
    const { points, aurc } = riskCoverage([
      { confidence: 0.9, correct: true },
      { confidence: 0.8, correct: false },
      { confidence: 0.8, correct: true },
      { confidence: 0.2, correct: false },
    ]);
    expect(points).toEqual([
      { coverage: 0.25, risk: 0, threshold: 0.9 },
      { coverage: 0.75, risk: 1 / 3, threshold: 0.8 },
      { coverage: 1, risk: 0.5, threshold: 0.2 },
    ]);
    // Risk 0 over the first quarter, 1/3 over the next half, 1/2 over the last quarter.
    expect(aurc).toBeCloseTo(0.5 * (1 / 3) + 0.25 * 0.5, 12);
  });
});
