import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { binomialCdf, chooseThreshold, minimumAnswered, type RiskPoint } from './risk-control.js';

const choose = (n: number, k: number): number => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
};

const exact = (k: number, n: number, p: number): number => Array.from({ length: k + 1 }, (_, i) => choose(n, i) * p ** i * (1 - p) ** (n - i)).reduce((a, b) => a + b, 0);

/**
 * Confidence uniform in [low, 1] and right with exactly that probability, so among c ≥ λ the
 * confidence is uniform on [λ, 1] and the true selective risk is (1 − λ)/2: within 5 % iff λ ≥ 0.9.
 */
function population(n: number, seed: number, low = 0): RiskPoint[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const confidence = low + (1 - low) * rng.next();
    return { confidence, correct: rng.next() < confidence };
  });
}

describe('binomial tail', () => {
  it('matches the exact sum and stays accurate for large n', () => {
    for (const [k, n, p] of [[0, 10, 0.05], [2, 20, 0.1], [5, 30, 0.3]] as const) expect(binomialCdf(k, n, p)).toBeCloseTo(exact(k, n, p), 12);
    expect(binomialCdf(500, 10_000, 0.05)).toBeCloseTo(0.511895, 5); // exact sum in double precision: 0.5118950329564…
    expect(binomialCdf(0, 100_000, 0.05)).toBe(0);
    expect(binomialCdf(10, 10, 0.5)).toBe(1);
  });

  it('needs 45 answered without error to certify 5 % at δ = 0.1', () => {
    expect(minimumAnswered({ risk: 0.05, delta: 0.1 })).toBe(45);
    expect(binomialCdf(0, 45, 0.05)).toBeLessThanOrEqual(0.1);
    expect(binomialCdf(0, 44, 0.05)).toBeGreaterThan(0.1);
  });
});

describe('Learn-then-Test threshold', () => {
  const target = { risk: 0.05, delta: 0.1 };

  it('certifies a threshold whose true risk is within the target in at least 1 − δ of 400 draws', () => {
    let broken = 0;
    let certified = 0;
    for (let trial = 0; trial < 400; trial++) {
      const choice = chooseThreshold(population(500, 2 * trial, 0.7), population(1500, 2 * trial + 1, 0.7), target);
      if (choice.threshold === null) continue;
      certified++;
      // True selective risk (1 − λ)/2 > 5 % exactly when λ < 0.9.
      if ((1 - choice.threshold) / 2 > target.risk) broken++;
    }
    expect(certified).toBeGreaterThan(250);
    expect(broken / 400).toBeLessThanOrEqual(target.delta);
  });

  it('answers a good share when the data allow (at most the 10 % of questions with c ≥ 0.9)', () => {
    const choice = chooseThreshold(population(2000, 1), population(4000, 2), target);
    expect(choice.threshold).toBeGreaterThanOrEqual(0.9);
    expect(choice.coverage).toBeGreaterThan(0.015);
    expect(choice.coverage).toBeLessThanOrEqual(0.1);
    expect(choice.pValue).toBeLessThanOrEqual(target.delta);
  });

  it('certifies nothing when there are too few questions, and says how many it would take', () => {
    const perfect = Array.from({ length: 40 }, () => ({ confidence: 0.99, correct: true }));
    const choice = chooseThreshold(perfect, perfect, target);
    expect(choice).toMatchObject({ threshold: null, answered: 40, errors: 0, minimumAnswered: 45 });
    expect(chooseThreshold([{ confidence: null, correct: false }], perfect, target).threshold).toBeNull();
  });

  it('never answers a decision without an answer', () => {
    const certify = [...Array.from({ length: 100 }, () => ({ confidence: 0.99, correct: true })), ...Array.from({ length: 20 }, () => ({ confidence: null, correct: false }))];
    const choice = chooseThreshold(certify, certify, target);
    expect(choice.threshold).toBe(0.99);
    expect(choice.coverage).toBeCloseTo(100 / 120, 12);
  });
});
