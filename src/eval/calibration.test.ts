import { describe, expect, it } from 'vitest';
import { auroc, brierScore, calibrationSummary, ECE_BINS, expectedCalibrationError } from './calibration.js';

const items = [
  { confidence: 0.9, correct: true },
  { confidence: 0.9, correct: false },
  { confidence: 0.6, correct: true },
  { confidence: 0.2, correct: false },
  { confidence: 0.2, correct: true },
];

/** Pairwise definition, O(n²), to check the rank-based one. */
function aurocByPairs(scored: typeof items): number {
  let wins = 0;
  let pairs = 0;
  for (const p of scored.filter((i) => i.correct)) {
    for (const n of scored.filter((i) => !i.correct)) {
      pairs++;
      wins += p.confidence > n.confidence ? 1 : p.confidence === n.confidence ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('calibration metrics', () => {
  it('ECE weighs each bin’s |accuracy − confidence| by its share', () => {
    // Bins: (0.1,0.2] {0.2✗,0.2✓} acc .5 conf .2; (0.5,0.6] {0.6✓} acc 1 conf .6; (0.8,0.9] acc .5 conf .9.
    expect(expectedCalibrationError(items)).toBeCloseTo((2 / 5) * 0.3 + (1 / 5) * 0.4 + (2 / 5) * 0.4, 12);
    expect(expectedCalibrationError([{ confidence: 1, correct: true }])).toBe(0);
    expect(expectedCalibrationError([])).toBeNaN();
  });

  it('Brier is the mean squared error of confidence against the outcome', () => {
    expect(brierScore(items)).toBeCloseTo((0.01 + 0.81 + 0.16 + 0.04 + 0.64) / 5, 12);
  });

  it('AUROC matches the pairwise definition, ties counting one half', () => {
    expect(auroc(items)).toBeCloseTo(aurocByPairs(items), 12);
    expect(auroc([{ confidence: 0.9, correct: true }, { confidence: 0.1, correct: false }])).toBe(1);
    expect(auroc([{ confidence: 0.5, correct: true }])).toBeNaN();
  });

  it('ECE uses 15 bins by default: 0.62 and 0.68 share a tenth but not a fifteenth', () => {
    const pair = [
      { confidence: 0.62, correct: true },
      { confidence: 0.68, correct: false },
    ];
    expect(ECE_BINS).toBe(15);
    // 10 bins: one bin (0.6, 0.7], acc 0.5, conf 0.65 → 0.15. 15 bins: (0.6, 0.667] and (0.667, 0.733].
    expect(expectedCalibrationError(pair, 10)).toBeCloseTo(0.15, 12);
    expect(expectedCalibrationError(pair)).toBeCloseTo(0.5 * 0.38 + 0.5 * 0.68, 12);
  });

  it('summarises a row: ECE, Brier, AUROC and the area under the risk–coverage curve', () => {
    const summary = calibrationSummary(items);
    expect(summary.brier).toBeCloseTo(brierScore(items), 12);
    expect(summary.auroc).toBeCloseTo(aurocByPairs(items), 12);
    // Most confident first: {0.9 ✓, 0.9 ✗} risk 1/2 at coverage 2/5; 0.6 ✓ risk 1/3 at 3/5; {0.2 ✗, 0.2 ✓} risk 2/5 at 1.
    expect(summary.aurc).toBeCloseTo((2 / 5) * (1 / 2) + (1 / 5) * (1 / 3) + (2 / 5) * (2 / 5), 12);
    expect(calibrationSummary([]).aurc).toBeNaN();
  });
});
