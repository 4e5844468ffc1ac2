import { describe, expect, it } from 'vitest';
import { distributionStats, logprobAt, positionOf, toDistribution } from './token-distribution.js';

const logits = (values: number[]): Map<number, number> => new Map(values.map((z, i) => [100 + i, z]));

describe('token distribution', () => {
  it('turns logits into normalised log-probabilities', () => {
    const dist = toDistribution(logits([2, 1, 0]));
    const probs = [0, 1, 2].map((i) => Math.exp(logprobAt(dist, i)));
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(probs[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(1) + 1), 12);
  });

  it('sorts the tokens highest first whether or not the logits arrive sorted', () => {
    const unsorted = toDistribution(logits([0, 5, -1, 7, 2]));
    expect([...unsorted.tokens]).toEqual([103, 101, 104, 100, 102]);
    expect([...unsorted.logits]).toEqual([7, 5, 2, 0, -1]);
    expect(positionOf(unsorted, 104)).toBe(2);
  });

  it('recovers raw logits from tempered ones by the temperature', () => {
    const raw = toDistribution(logits([3, 1, -2]));
    const tempered = toDistribution(logits([3 / 0.5, 1 / 0.5, -2 / 0.5]), 0.5);
    for (let i = 0; i < 3; i++) expect(logprobAt(tempered, i)).toBeCloseTo(logprobAt(raw, i), 12);
  });

  it('computes exact entropy and self-certainty (KL from uniform)', () => {
    const uniform = distributionStats(toDistribution(logits([1, 1, 1, 1])));
    expect(uniform.entropy).toBeCloseTo(Math.log(4), 12);
    expect(uniform.selfCertainty).toBeCloseTo(0, 12);
    const values = [4, 0, -2];
    const p = values.map((z) => Math.exp(z) / values.reduce((s, v) => s + Math.exp(v), 0));
    const stats = distributionStats(toDistribution(logits(values)));
    expect(stats.entropy).toBeCloseTo(-p.reduce((s, q) => s + q * Math.log(q), 0), 12);
    expect(stats.selfCertainty).toBeCloseTo(p.reduce((s, q) => s + (1 / 3) * Math.log(1 / 3 / q), 0), 12);
  });
});
