/**
 * The precision–recall curve and the area under it, computed the way scikit-learn's
 * `precision_recall_curve` + `auc` do (the definition SelfCheckGPT's figures use): one point per
 * distinct score, highest first, then the point (recall 0, precision 1); the area by the trapezoid
 * rule over recall. (Not average precision: the trapezoid interpolates between points.)
 */
import { InvalidInputError } from '../../core/errors.js';

export interface PrecisionRecallCurve {
  /** Recall decreasing, ending at 0; precision ending at 1 (as scikit-learn returns them). */
  precision: number[];
  recall: number[];
  /** The score at each point but the last, decreasing. */
  thresholds: number[];
}

export function precisionRecallCurve(positive: readonly boolean[], scores: readonly number[]): PrecisionRecallCurve {
  if (positive.length !== scores.length) {
    throw new InvalidInputError(`precision–recall needs one score per label, got ${scores.length} scores for ${positive.length} labels`);
  }
  if (scores.some((s) => Number.isNaN(s))) throw new InvalidInputError('precision–recall got a NaN score; score every item');
  // Highest first; compared, not subtracted, so that infinite scores sort too.
  const order = scores.map((_, i) => i).toSorted((a, b) => Number(scores[b] as number > (scores[a] as number)) - Number((scores[b] as number) < (scores[a] as number)));
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  order.forEach((item, rank) => {
    if (positive[item]) tp++;
    else fp++;
    const next = order[rank + 1];
    // One point per distinct score: ties enter the curve together.
    if (next === undefined || scores[next] !== scores[item]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(scores[item] as number);
    }
  });
  const totalPositive = tp;
  const precision = tps.map((t, i) => t / (t + (fps[i] as number)));
  const recall = tps.map((t) => (totalPositive === 0 ? 1 : t / totalPositive));
  return { precision: [...precision.toReversed(), 1], recall: [...recall.toReversed(), 0], thresholds: thresholds.toReversed() };
}

/** scikit-learn's `auc(x, y)`: trapezoid area under y over x, x monotonic in either direction. */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  let rising = false;
  let falling = false;
  for (let i = 1; i < x.length; i++) {
    const dx = (x[i] as number) - (x[i - 1] as number);
    if (dx > 0) rising = true;
    if (dx < 0) falling = true;
    area += (dx * ((y[i] as number) + (y[i - 1] as number))) / 2;
  }
  if (rising && falling) throw new InvalidInputError('the area under a curve needs x that only rises or only falls');
  return falling ? -area : area;
}

/** Area under the precision–recall curve; NaN when there is no positive item (recall is undefined). */
export function areaUnderPrecisionRecall(positive: readonly boolean[], scores: readonly number[]): number {
  if (!positive.some(Boolean)) return Number.NaN;
  const { precision, recall } = precisionRecallCurve(positive, scores);
  return trapezoidArea(recall, precision);
}
