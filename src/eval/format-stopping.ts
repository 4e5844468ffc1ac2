/** How `quorum eval --stop` prints its rows: the eval row plus the stopping figures. */
import { formatJsonRow, type RowContext } from './format-json-row.js';
import type { StoppingRow } from './evaluate-stopping.js';

const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e4) / 1e4);

/** One JSON line: `quorum eval --json`'s fields plus concurrency, token_saving, latency_tokens and the baseline. */
export function formatStoppingJson(context: RowContext, row: StoppingRow): string {
  return JSON.stringify({
    ...(JSON.parse(formatJsonRow(context, row)) as Record<string, unknown>),
    concurrency: row.concurrency,
    token_saving: round(row.tokenSaving),
    latency_tokens: round(row.latencyTokens),
    majority_all_accuracy: round(row.baselineAccuracy),
    accuracy_gap_pt: round(row.accuracyGapPt),
  });
}

/** The rows with the concurrency in the stop column, for the plain table. */
export const labelConcurrency = (rows: readonly StoppingRow[]): StoppingRow[] =>
  rows.map((r) => ({ ...r, stop: `${r.stop} c=${r.concurrency}` }));

/** Lines under the table: the baseline and, per row, token saving and latency. */
export function formatStoppingLines(rows: readonly StoppingRow[]): string {
  const first = rows[0];
  if (first === undefined) return '';
  const lines = [`  majority of all samples: ${first.baselineAccuracy.toFixed(1)} % (ties credited 1/#tied)`];
  for (const r of rows) {
    const saving = r.tokenSaving === null ? 'unknown' : `${r.tokenSaving.toFixed(2)}×`;
    const latency = r.latencyTokens === null ? 'unknown' : Math.round(r.latencyTokens).toLocaleString('en-US');
    lines.push(`  ${r.strategy} ${r.stop} c=${r.concurrency}: gap ${r.accuracyGapPt >= 0 ? '+' : ''}${r.accuracyGapPt.toFixed(2)} pt, token saving ${saving}, latency ${latency} token-time/question`);
  }
  return lines.join('\n') + '\n';
}
