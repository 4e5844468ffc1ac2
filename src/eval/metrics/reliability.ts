/**
 * Reliability diagram and risk–coverage: how confidence lines up with correctness. Bins are equal-width
 * and half-open on the left, (lo, hi], as in algorithms.md §7 (confidence 0 falls in the first bin).
 */
export interface Scored {
  confidence: number;
  correct: boolean;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean confidence and fraction correct in the bin (NaN when empty). */
  confidence: number;
  accuracy: number;
}

export function reliabilityBins(items: readonly Scored[], bins = 10): ReliabilityBin[] {
  const out = Array.from({ length: bins }, (_, m) => ({ lo: m / bins, hi: (m + 1) / bins, count: 0, sumConf: 0, sumCorrect: 0 }));
  for (const { confidence, correct } of items) {
    const m = Math.min(bins - 1, Math.max(0, Math.ceil(confidence * bins) - 1));
    const bin = out[m] as (typeof out)[number];
    bin.count++;
    bin.sumConf += confidence;
    bin.sumCorrect += correct ? 1 : 0;
  }
  return out.map(({ lo, hi, count, sumConf, sumCorrect }) => ({
    lo,
    hi,
    count,
    confidence: count === 0 ? Number.NaN : sumConf / count,
    accuracy: count === 0 ? Number.NaN : sumCorrect / count,
  }));
}

export interface RiskCoveragePoint {
  /** Fraction of questions answered (the most confident first). */
  coverage: number;
  /** Error rate among the answered ones. */
  risk: number;
  /** The confidence threshold that answers exactly these. */
  threshold: number;
}

/**
 * Answer the most confident questions first; one point per distinct confidence (ties enter together,
 * since no threshold can separate them). Area under the curve (AURC) summarises it: lower is better.
 */
export function riskCoverage(items: readonly Scored[]): { points: RiskCoveragePoint[]; aurc: number } {
  const sorted = items.toSorted((x, y) => y.confidence - x.confidence);
  const points: RiskCoveragePoint[] = [];
  let wrong = 0;
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i] as Scored;
    wrong += item.correct ? 0 : 1;
    if (i + 1 < sorted.length && (sorted[i + 1] as Scored).confidence === item.confidence) continue;
    points.push({ coverage: (i + 1) / sorted.length, risk: wrong / (i + 1), threshold: item.confidence });
  }
  // Step integral of risk over coverage.
  let aurc = 0;
  let previous = 0;
  for (const p of points) {
    aurc += (p.coverage - previous) * p.risk;
    previous = p.coverage;
  }
  return { points, aurc };
}
