/**
 * The summary tables' columns, shared by the HTML and Markdown renderers so both say the same thing.
 * Row fields this file does not know (added later by new evaluators) get a column of their own.
 */
import type { CalibrationEvaluation } from '../../calibration/evaluate-calibration.js';
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

const KNOWN = new Set(['strategy', 'stop', 'n', 'questions', 'trials', 'accuracy', 'ci95', 'passAtN', 'seedSd', 'tokensPerQuestion', 'samplesPerQuestion', 'abstainRate']);

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

/** One summary table: rows of one kind, the columns they fill, and the columns that are the same on every row, said once. */
export interface SummaryTable {
  id: string;
  title: string;
  columns: Column<EvalRow>[];
  /** `header: value` of each column whose value is the same on every row, shown above the table instead. */
  constants: string[];
  rows: EvalRow[];
}

/**
 * The summary, split so that each table fits a laptop screen: fixed sample budgets in one table, stop
 * rules in another (with their own figures), and a column that is the same on every row of its table
 * (the concurrency, a budget cap, 0 abstentions) said once above it instead of repeated.
 */
export function summaryTables(rows: readonly EvalRow[]): SummaryTable[] {
  const groups = [
    { id: 'summary-fixed', title: 'Fixed sample budgets', series: 'strategy', n: 'N', rows: rows.filter((r) => r.stop === 'fixed') },
    { id: 'summary-stop', title: 'Stop rules', series: 'strategy + stop rule', n: 'N (cap)', rows: rows.filter((r) => r.stop !== 'fixed') },
  ];
  return groups
    .filter((group) => group.rows.length > 0)
    .map((group) => {
      const all = rowColumns(group.rows, group.series, group.n);
      const [series, ...rest] = all as [Column<EvalRow>, ...Column<EvalRow>[]];
      const constant = (column: Column<EvalRow>): boolean =>
        group.rows.length > 1 && column.header !== ACCURACY && group.rows.every((row) => column.value(row) === column.value(group.rows[0] as EvalRow));
      return {
        id: group.id,
        title: group.title,
        columns: [series, ...rest.filter((c) => !constant(c))],
        constants: rest.filter(constant).map((c) => `${c.header} = ${c.value(group.rows[0] as EvalRow)}`),
        rows: group.rows,
      };
    });
}

const ACCURACY = 'accuracy % (95 % CI)';

/** Every column a set of rows has: the known figures, then one per extra field any row carries. */
export function rowColumns(rows: readonly EvalRow[], seriesHeader = 'strategy', nHeader = 'N'): Column<EvalRow>[] {
  const extra = [...new Set(rows.flatMap((row) => extraFields(row as unknown as Record<string, unknown>).map(([key]) => key)))];
  return [
    { header: seriesHeader, value: (r) => seriesName(r) },
    { header: nHeader, value: (r) => String(r.n) },
    { header: ACCURACY, value: (r) => `${fixed(r.accuracy)} (${fixed(r.ci95[0])}–${fixed(r.ci95[1])})` },
    { header: 'pass@N %', value: (r) => fixed(r.passAtN) },
    { header: 'seed sd (pt)', value: (r) => fixed(r.seedSd, 2) },
    { header: 'samples/q', value: (r) => fixed(r.samplesPerQuestion, 2) },
    { header: 'tokens/q', value: (r) => fixed(r.tokensPerQuestion, 0) },
    { header: 'abstain %', value: (r) => fixed(r.abstainRate) },
    ...extra.map((key) => ({
      header: EXTRA_HEADERS[key] ?? key,
      value: (r: EvalRow) => formatUnknown(key, new Map(extraFields(r as unknown as Record<string, unknown>)).get(key)),
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

/** Fields that count things: shown as whole numbers. */
const COUNT_FIELDS = new Set(['concurrency']);

const formatUnknown = (key: string, value: unknown): string =>
  typeof value === 'number'
    ? COUNT_FIELDS.has(key)
      ? String(value)
      : fixed(value, Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3)
    : value === undefined || value === null
      ? '–'
      : String(value);

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

/** Raw against calibrated, cross-fitted: one row each, plus by budget. */
const calibratedRow = (confidence: string, m: { ece: number; brier: number; auroc: number }) => ({ confidence, ece: fixed(m.ece, 3), brier: fixed(m.brier, 3), auroc: fixed(m.auroc, 3) });

export function calibratedRows(c: CalibrationEvaluation): ReturnType<typeof calibratedRow>[] {
  const row = calibratedRow;
  return [
    row('raw (all budgets)', c.crossFit.raw),
    row(`${c.method}, cross-fitted (all budgets)`, c.crossFit.calibrated),
    ...c.crossFit.byBudget.flatMap((b) => [row(`raw, N = ${String(b.budget)}`, b.raw), row(`${c.method}, N = ${String(b.budget)}`, b.calibrated)]),
  ];
}

export const calibratedColumns: Column<ReturnType<typeof calibratedRow>>[] = [
  { header: 'confidence', value: (r) => r.confidence },
  { header: 'ECE', value: (r) => r.ece },
  { header: 'Brier', value: (r) => r.brier },
  { header: 'AUROC', value: (r) => r.auroc },
];

/** One paragraph on the data behind the table and, with a target, whether the guarantee held. */
export function calibratedSummary(c: CalibrationEvaluation): string {
  const f = c.crossFit;
  const head = `${c.strategy} calibrated by ${c.method} on ${f.decisions} decisions of ${f.questions} questions (budgets ${c.budgets.join(', ')}, ${c.draws} draws each), ${f.folds}-fold cross-fitting by question × ${f.repeats}. A perfectly calibrated confidence would show ECE ${fixed(f.eceFloor.independent, 3)}–${fixed(f.eceFloor.perQuestion, 3)} on these decisions.`;
  const r = c.risk;
  if (r === undefined) return head;
  return `${head} Target: error ≤ ${fixed(100 * r.target)} % among answered with probability ≥ ${fixed(100 * (1 - r.delta))} % at N = ${String(r.budget)}; over ${r.splits} random splits (${r.calibrationQuestions} calibration questions, ${r.certifyQuestions} of them certifying; ${r.testQuestions} test) it held in ${fixed(100 * r.heldShare)} %, certified nothing in ${r.noThreshold}, and answered ${fixed(100 * r.coverage.mean)} % of test questions on average (median ${fixed(100 * r.coverage.median)} %) at a mean test error of ${fixed(100 * r.risk.mean)} %.`;
}
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
