import { describe, expect, it } from 'vitest';
import { auroc, brierScore, expectedCalibrationError } from './calibration.js';

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
});
