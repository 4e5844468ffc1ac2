/**
 * DeepConf's trace-level statistics over a per-token confidence series (algorithms.md §4): sliding
 * windows of n tokens (stride 1, n = 2048 by default); a series shorter than the window collapses to
 * its mean. All are higher = more confident.
 */
export const DEFAULT_WINDOW = 2048;

export const GROUP_STATISTICS = ['average', 'lowest-group', 'bottom-10', 'tail'] as const;

export type GroupStatistic = (typeof GROUP_STATISTICS)[number];

/** Means of every window of `window` consecutive values (one window when the series is shorter). */
export function groupConfidences(series: readonly number[], window = DEFAULT_WINDOW): number[] {
  if (series.length === 0) return [];
  const size = Math.min(window, series.length);
  const means: number[] = [];
  let sum = 0;
  for (let j = 0; j < series.length; j++) {
    sum += series[j] as number;
    if (j >= size) sum -= series[j - size] as number;
    if (j >= size - 1) means.push(sum / size);
  }
  return means;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** min over windows. */
export const lowestGroupConfidence = (series: readonly number[], window = DEFAULT_WINDOW): number =>
  Math.min(...groupConfidences(series, window));

/** Mean of the lowest max(1, ⌊fraction · #windows⌋) window means. */
export function bottomGroupConfidence(series: readonly number[], window = DEFAULT_WINDOW, fraction = 0.1): number {
  const groups = groupConfidences(series, window).toSorted((a, b) => a - b);
  return mean(groups.slice(0, Math.max(1, Math.floor(fraction * groups.length))));
}

/** Mean over the last `window` tokens. */
export const tailConfidence = (series: readonly number[], window = DEFAULT_WINDOW): number => mean(series.slice(-window));

/** One statistic of a non-empty series; NaN for an empty one. */
export function groupStatistic(series: readonly number[], statistic: GroupStatistic, window = DEFAULT_WINDOW): number {
  if (series.length === 0) return Number.NaN;
  switch (statistic) {
    case 'average':
      return mean(series);
    case 'lowest-group':
      return lowestGroupConfidence(series, window);
    case 'bottom-10':
      return bottomGroupConfidence(series, window);
    case 'tail':
      return tailConfidence(series, window);
  }
}
