/**
 * Calibration metrics over (confidence, correct) pairs, algorithms.md §7: expected calibration error
 * with equal-width (lo, hi] bins, Brier score, AUROC as the Mann–Whitney statistic (+½ per tie), and
 * the area under the risk–coverage curve.
 */
import { reliabilityBins, riskCoverage, type Scored } from './metrics/reliability.js';
import { averageRanks } from './stats.js';

/** Bins of the reported ECE (quorum issue #4: 15, the common choice in calibration papers). */
export const ECE_BINS = 15;

/** Σ_m (|B_m|/n)·|acc(B_m) − conf(B_m)| over M equal-width bins (default ECE_BINS); NaN for no items. */
export function expectedCalibrationError(items: readonly Scored[], bins = ECE_BINS): number {
  if (items.length === 0) return Number.NaN;
  return reliabilityBins(items, bins).reduce(
    (sum, bin) => (bin.count === 0 ? sum : sum + (bin.count / items.length) * Math.abs(bin.accuracy - bin.confidence)),
    0,
  );
}

/** Mean squared difference between confidence and the 0/1 outcome; NaN for no items. */
export function brierScore(items: readonly Scored[]): number {
  if (items.length === 0) return Number.NaN;
  return items.reduce((sum, { confidence, correct }) => sum + (confidence - (correct ? 1 : 0)) ** 2, 0) / items.length;
}

/**
 * P(a correct item scores above an incorrect one), ties counting ½, from average ranks in O(n log n).
 * NaN when all items are correct or all are wrong (no pair to compare).
 */
export function auroc(items: readonly Scored[]): number {
  const positives = items.filter((i) => i.correct).length;
  const negatives = items.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const ranks = averageRanks(items.map((item) => item.confidence));
  const rankSumPositives = items.reduce((sum, item, i) => (item.correct ? sum + (ranks[i] as number) : sum), 0);
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The calibration figures reported per evaluation row. */
export interface CalibrationSummary {
  /** ECE over ECE_BINS equal-width bins. */
  ece: number;
  brier: number;
  auroc: number;
  /** Area under the risk–coverage curve of abstaining below a threshold (lower is better). */
  aurc: number;
}

export function calibrationSummary(items: readonly Scored[]): CalibrationSummary {
  return {
    ece: expectedCalibrationError(items),
    brier: brierScore(items),
    auroc: auroc(items),
    aurc: items.length === 0 ? Number.NaN : riskCoverage(items).aurc,
  };
}
