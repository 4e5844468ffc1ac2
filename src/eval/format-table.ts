/** Plain-text report of one pool's evaluation: a header with the single-sample baseline, then a row per (strategy, stop, N). */
import type { EvalRow } from './row-accumulator.js';

export interface PoolSummary {
  file: string;
  format: string;
  questions: number;
  /** Questions without a gold answer, skipped. */
  ungraded: number;
  /** Questions left out because every sample of theirs failed (a run whose backend failed). */
  withoutUsableSample: number;
  /** Smallest and largest sample pool per question. */
  poolSizes: [number, number];
  singleAccuracy: number;
}

const COLUMNS = ['strategy', 'stop', 'N', 'accuracy %', '95% CI', 'pass@N %', 'seed sd', 'tokens/q', 'samples/q', 'abstain %', 'ECE', 'Brier', 'AUROC'];

export function formatPoolTable(summary: PoolSummary, rows: readonly EvalRow[]): string {
  const [fewest, most] = summary.poolSizes;
  const pool = fewest === most ? `${most}` : `${fewest}–${most}`;
  const skipped = summary.ungraded > 0 ? `, ${summary.ungraded} without gold skipped` : '';
  const unusable =
    summary.withoutUsableSample > 0 ? ` (accuracy over these; ${summary.withoutUsableSample} more without a usable sample, every one failed: re-run to retry them)` : '';
  const header = [
    `${summary.file}`,
    `  ${summary.format}, ${summary.questions} questions${unusable}${skipped}, ${pool} samples each`,
    `  single-sample accuracy ${fixed(summary.singleAccuracy)} % (every sample; abstentions count as wrong)`,
  ];
  const cells = rows.map((r) => [
    r.strategy,
    r.stop,
    String(r.n),
    fixed(r.accuracy),
    `[${fixed(r.ci95[0])}, ${fixed(r.ci95[1])}]`,
    r.passAtN === undefined ? '—' : fixed(r.passAtN),
    fixed(r.seedSd),
    r.tokensPerQuestion === null ? 'unknown' : Math.round(r.tokensPerQuestion).toLocaleString('en-US'),
    fixed(r.samplesPerQuestion),
    fixed(r.abstainRate),
    fixed3(r.calibration.ece),
    fixed3(r.calibration.brier),
    fixed3(r.calibration.auroc),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] as string).length)));
  // Text columns left-aligned, numbers right-aligned.
  const line = (row: readonly string[]): string =>
    `  ${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ')}`.trimEnd();
  return [...header, line(COLUMNS), ...cells.map(line)].join('\n') + '\n';
}

const fixed = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '—');
const fixed3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');
