import { describe, expect, it } from 'vitest';
import { areaUnderPrecisionRecall, precisionRecallCurve, trapezoidArea } from './precision-recall.js';
import { pearson, spearman } from '../stats.js';

describe('precision–recall as scikit-learn computes it', () => {
  it('gives one point per distinct score, then (recall 0, precision 1), and the trapezoid area', () => {
    const positive = [true, false, true, true, false];
    const scores = [0.9, 0.8, 0.7, 0.6, 0.2];
    const curve = precisionRecallCurve(positive, scores);
    expect(curve.precision.map((p) => Number(p.toFixed(4)))).toEqual([0.6, 0.75, 0.6667, 0.5, 1, 1]);
    expect(curve.recall.map((r) => Number(r.toFixed(4)))).toEqual([1, 1, 0.6667, 0.3333, 0.3333, 0]);
    expect(curve.thresholds).toEqual([0.2, 0.6, 0.7, 0.8, 0.9]);
    // By hand: 1/3·(0.75+2/3)/2 + 1/3·(2/3+1/2)/2 + 1/3·(1+1)/2.
    expect(areaUnderPrecisionRecall(positive, scores)).toBeCloseTo((0.75 + 2 / 3) / 6 + (2 / 3 + 0.5) / 6 + 1 / 3, 12);
  });

  it('lets tied scores enter together, sorts infinite scores, and is NaN without positives', () => {
    expect(precisionRecallCurve([true, false, true], [1, 1, 0]).precision).toEqual([2 / 3, 0.5, 1]);
    expect(areaUnderPrecisionRecall([true, false], [Infinity, 3])).toBe(1);
    expect(areaUnderPrecisionRecall([false, false], [1, 2])).toBeNaN();
    expect(() => precisionRecallCurve([true], [Number.NaN])).toThrow(/NaN/);
  });

  it('integrates over x in either direction and refuses x that turns back', () => {
    expect(trapezoidArea([0, 1, 2], [1, 1, 3])).toBe(3);
    expect(trapezoidArea([2, 1, 0], [3, 1, 1])).toBe(3);
    expect(() => trapezoidArea([0, 2, 1], [1, 1, 1])).toThrow(/only rises or only falls/);
  });
});

describe('correlations', () => {
  it('Pearson on values, Spearman on average ranks', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [1, 1, 1])).toBeNaN();
    // Ranks [1, 2, 3.5, 3.5] and [1, 3, 2, 4]: Pearson of those.
    expect(spearman([1, 5, 7, 7], [10, 30, 20, 40])).toBeCloseTo(pearson([1, 2, 3.5, 3.5], [1, 3, 2, 4]), 12);
  });
});
