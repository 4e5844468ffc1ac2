import { describe, expect, it } from 'vitest';
import { averageRanks, bootstrapMeanInterval, mean, quantile, standardDeviation } from './stats.js';

describe('stats', () => {
  it('ranks from 1 in ascending order, ties sharing their average rank', () => {
    expect(averageRanks([0.3, 0.1, 0.3, 0.2, 0.3])).toEqual([4, 1, 4, 2, 4]);
    expect(averageRanks([])).toEqual([]);
  });

  it('mean, sample standard deviation and interpolated quantiles', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(Number.isNaN(mean([]))).toBe(true);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(standardDeviation([3])).toBe(0);
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([10, 20, 30, 40], 0)).toBe(10);
    expect(quantile([10, 20, 30, 40], 1)).toBe(40);
  });

  it('bootstrap interval of a mean: reproducible, around the mean, close to the normal interval, narrower with more data', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i % 10 < 7 ? 100 : 0)); // 70 % correct
    const [low, high] = bootstrapMeanInterval(values, { seed: 3 });
    expect(bootstrapMeanInterval(values, { seed: 3 })).toEqual([low, high]);
    expect(low).toBeLessThan(70);
    expect(high).toBeGreaterThan(70);
    const halfWidth = 1.96 * Math.sqrt((70 * 30) / 400); // ≈ 4.49 points
    expect((high - low) / 2).toBeGreaterThan(halfWidth * 0.85);
    expect((high - low) / 2).toBeLessThan(halfWidth * 1.15);
    const [l2, h2] = bootstrapMeanInterval(values.slice(0, 40), { seed: 3 });
    expect(h2 - l2).toBeGreaterThan(2 * (high - low));
  });

  it('never leaves the range of the data and collapses for constant data', () => {
    const [low, high] = bootstrapMeanInterval([100, 100, 100, 0], { seed: 1 });
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(100);
    expect(bootstrapMeanInterval([100, 100, 100])).toEqual([100, 100]);
  });
});
