/**
 * Histogram binning (Zadrozny & Elkan 2001): split the strategy's confidence into bins holding about
 * equally many decisions and map each bin to the fraction of its decisions that were right. Bins are
 * (lo, hi] like the reliability diagram's; tied confidences (vote shares are fractions k/N) never split.
 */
import { z } from 'zod';

export const histogramModelSchema = z.strictObject({
  method: z.literal('histogram'),
  /** Upper edges of the bins, increasing; the last is 1. A confidence falls in the first bin whose edge is ≥ it. */
  edges: z.array(z.number().min(0).max(1)).min(1),
  /** Fraction correct per bin. */
  values: z.array(z.number().min(0).max(1)).min(1),
  /** Decisions per bin in the fitting data. */
  counts: z.array(z.number().int().min(1)).min(1),
});

export type HistogramModel = z.infer<typeof histogramModelSchema>;

export const DEFAULT_HISTOGRAM_BINS = 10;

export function fitHistogram(points: readonly { x: number; correct: boolean }[], bins = DEFAULT_HISTOGRAM_BINS): HistogramModel {
  if (points.length === 0) throw new Error('histogram binning needs at least one point');
  const sorted = points.toSorted((a, b) => a.x - b.x);
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const edge = (sorted[Math.ceil((b * sorted.length) / bins) - 1] as { x: number }).x;
    if (edge < 1 && (edges.length === 0 || edge > (edges.at(-1) as number))) edges.push(edge);
  }
  edges.push(1);
  const counts = edges.map(() => 0);
  const right = edges.map(() => 0);
  for (const p of sorted) {
    const bin = binOf(edges, p.x);
    counts[bin]! += 1;
    right[bin]! += p.correct ? 1 : 0;
  }
  // Every bin holds the point at its edge except perhaps the last (all points below 1): drop empty ones.
  const kept = edges.map((edge, i) => ({ edge, count: counts[i] as number, right: right[i] as number })).filter((bin) => bin.count > 0);
  (kept.at(-1) as (typeof kept)[number]).edge = 1;
  return { method: 'histogram', edges: kept.map((b) => b.edge), values: kept.map((b) => b.right / b.count), counts: kept.map((b) => b.count) };
}

function binOf(edges: readonly number[], x: number): number {
  const i = edges.findIndex((edge) => x <= edge);
  return i < 0 ? edges.length - 1 : i;
}

export const predictHistogram = (model: HistogramModel, x: number): number => model.values[binOf(model.edges, x)] as number;
