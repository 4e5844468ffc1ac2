/**
 * The summary tables' columns, shared by the HTML and Markdown renderers so both say the same thing.
 * Row fields this file does not know (added later by new evaluators) get a column of their own.
 */
import { predictCoverage } from '../metrics/coverage-fit.js';
import type { TransitionRates } from '../evaluate-feedback.js';
import type { EvalRow } from '../row-accumulator.js';
import type { QuestionDetail, ReportData, SeriesCalibration } from './report-data.js';
import { seriesName } from './report-data.js';

export interface Column<T> {
  header: string;
  value: (item: T) => string;
}

export const fixed = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);

const KNOWN = new Set(['strategy', 'stop', 'n', 'questions', 'trials', 'accuracy', 'ci95', 'accuracyTiesExpected', 'seedSd', 'tokensPerQuestion', 'samplesPerQuestion', 'abstainRate']);

/** Readable headers for the fields evaluators add (calibration, stop-rule figures); others show their key. */
const EXTRA_HEADERS: Readonly<Record<string, string>> = {
  'calibration.ece': 'ECE',
  'calibration.brier': 'Brier',
  'calibration.auroc': 'AUROC',
  'calibration.aurc': 'AURC',
  concurrency: 'concurrency',
  tokenSaving: 'token saving ×',
  latencyTokens: 'latency (token-time)',
  baselineAccuracy: 'majority of all %',
  accuracyGapPt: 'gap to majority of all (pt)',
};

export function rowColumns(rows: readonly EvalRow[]): Column<EvalRow>[] {
  const extra = [...new Set(rows.flatMap((row) => extraFields(row as unknown as Record<string, unknown>).map(([key]) => key)))];
  return [
    { header: 'strategy', value: (r) => seriesName(r) },
    { header: 'N', value: (r) => String(r.n) },
    { header: 'samples/q', value: (r) => fixed(r.samplesPerQuestion, 2) },
    { header: 'accuracy %', value: (r) => fixed(r.accuracy) },
    { header: '95 % CI', value: (r) => `${fixed(r.ci95[0])}–${fixed(r.ci95[1])}` },
    { header: 'ties at random %', value: (r) => fixed(r.accuracyTiesExpected) },
    { header: 'seed sd', value: (r) => fixed(r.seedSd, 2) },
    { header: 'tokens/q', value: (r) => fixed(r.tokensPerQuestion, 0) },
    { header: 'abstain %', value: (r) => fixed(r.abstainRate) },
    ...extra.map((key) => ({
      header: EXTRA_HEADERS[key] ?? key,
      value: (r: EvalRow) => formatUnknown(new Map(extraFields(r as unknown as Record<string, unknown>)).get(key)),
    })),
  ];
}

/** Fields beyond the known ones, nested objects flattened one level (`calibration.ece`). */
function extraFields(row: Record<string, unknown>): [string, unknown][] {
  return Object.entries(row)
    .filter(([key]) => !KNOWN.has(key))
    .flatMap(([key, value]): [string, unknown][] =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value).map(([sub, v]) => [`${key}.${sub}`, v]) : [[key, value]],
    );
}

const formatUnknown = (value: unknown): string =>
  typeof value === 'number' ? fixed(value, Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3) : value === undefined || value === null ? '–' : String(value);

export const calibrationColumns: Column<SeriesCalibration>[] = [
  { header: 'strategy', value: (c) => c.series },
  { header: 'N', value: (c) => String(c.n) },
  { header: 'decisions', value: (c) => String(c.decisions) },
  { header: 'ECE', value: (c) => fixed(c.ece, 3) },
  { header: 'Brier', value: (c) => fixed(c.brier, 3) },
  { header: 'AUROC', value: (c) => fixed(c.auroc, 3) },
  { header: 'AURC', value: (c) => fixed(c.aurc, 3) },
];

export function coverageRows(data: ReportData): { k: number; coverage: string; fit: string }[] {
  const { curve, fit } = data.coverage;
  return curve.map((p) => ({
    k: p.k,
    coverage: fixed(100 * p.coverage),
    fit: fit === null ? '–' : fixed(100 * predictCoverage(fit, p.k)),
  }));
}

/** "majority ✓ 42, weighted ✗ 17" — each strategy's answer on one question. */
export const decisionSummary = (q: QuestionDetail): string =>
  q.decisions.map((d) => `${d.series} ${d.correct ? '✓' : '✗'} ${d.abstained ? '(abstain)' : (d.answer ?? '–')}`).join(', ');

/** One row per (refine method, round). */
export type TransitionRow = TransitionRates & { method: string };

export const transitionRows = (data: ReportData): TransitionRow[] =>
  (data.feedback?.transitions ?? []).flatMap((t) => t.rounds.map((r) => ({ method: `${t.method} @${String(t.n)}`, ...r })));

const percentOf = (x: number): string => (Number.isFinite(x) ? (100 * x).toFixed(1) : '—');

export const transitionColumns: Column<TransitionRow>[] = [
  { header: 'method', value: (r) => r.method },
  { header: 'round', value: (r) => String(r.round) },
  { header: 'P(right→right) %', value: (r) => percentOf(r.rightToRight) },
  { header: 'P(wrong→right) %', value: (r) => percentOf(r.wrongToRight) },
  { header: 'P(right→wrong) %', value: (r) => percentOf(r.rightToWrong) },
  { header: 'right / wrong before', value: (r) => `${r.right} / ${r.wrong}` },
];
