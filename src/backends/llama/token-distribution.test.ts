import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { distributionStats, logprobAt, samplePosition, toDistribution, topPositions } from './token-distribution.js';

const logits = (values: number[]): Map<number, number> => new Map(values.map((z, i) => [100 + i, z]));

describe('token distribution', () => {
  it('turns logits into normalised log-probabilities', () => {
    const dist = toDistribution(logits([2, 1, 0]));
    const probs = [0, 1, 2].map((i) => Math.exp(logprobAt(dist, i)));
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(probs[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(1) + 1), 12);
  });

  it('finds the top k, highest first, whether or not the logits arrive sorted', () => {
    expect(topPositions(toDistribution(logits([3, 2, 1, 0])), 2)).toEqual([0, 1]);
    const unsorted = toDistribution(logits([0, 5, -1, 7, 2]));
    expect(unsorted.sortedDesc).toBe(false);
    expect(topPositions(unsorted, 3)).toEqual([3, 1, 4]);
    expect(topPositions(unsorted, 10)).toEqual([3, 1, 4, 0, 2]);
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

  it('samples greedily at T=0, by the tempered distribution otherwise, and only inside the top-p nucleus', () => {
    const dist = toDistribution(logits([Math.log(0.5), Math.log(0.3), Math.log(0.2)]));
    const rng = createRng(1);
    expect(samplePosition(dist, { temperature: 0, topP: 1 }, rng)).toBe(0);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[samplePosition(dist, { temperature: 1, topP: 1 }, rng)]! += 1;
    expect(counts[0]! / 20_000).toBeCloseTo(0.5, 1);
    expect(counts[2]! / 20_000).toBeCloseTo(0.2, 1);
    const nucleus = new Set(Array.from({ length: 2_000 }, () => samplePosition(dist, { temperature: 1, topP: 0.75 }, rng)));
    expect([...nucleus].toSorted()).toEqual([0, 1]);
    const cold = Array.from({ length: 2_000 }, () => samplePosition(dist, { temperature: 0.1, topP: 1 }, rng));
    expect(cold.filter((p) => p === 0).length).toBeGreaterThan(1_950);
  });

  it('replays the same draws from the same seed', () => {
    const dist = toDistribution(logits([0.1, 0.2, 0.3, 0.4]));
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => samplePosition(dist, { temperature: 1, topP: 1 }, rng));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });
});
