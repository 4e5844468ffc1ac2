/**
 * Everything a report shows, as plain JSON: the evaluator's rows (any strategy or stop rule appears
 * without changes here), coverage, calibration per strategy and a per-question drill-down.
 * `quorum report --format json` prints exactly this.
 */
import type { CalibrationEvaluation } from '../../calibration/evaluate-calibration.js';
import type { AllocationResult } from '../allocation.js';
import type { TransitionRates } from '../evaluate-feedback.js';
import type { EvalRow } from '../row-accumulator.js';
import type { CoverageFit } from '../metrics/coverage-fit.js';
import type { CoveragePoint } from '../metrics/pass-at-k.js';
import type { ReliabilityBin, RiskCoveragePoint } from '../metrics/reliability.js';

export interface ReportData {
  title: string;
  /** Facts about the run shown at the top: dataset, model, samples per question, seeds… */
  meta: Record<string, string | number>;
  rows: EvalRow[];
  coverage: { curve: CoveragePoint[]; fit: CoverageFit | null };
  calibration: SeriesCalibration[];
  /** A calibration learnt from the run and judged by cross-fitting (`quorum report --calibrate cv`). */
  calibrated?: CalibrationEvaluation;
  /** The one seeded draw per question behind the calibration table, its charts and the drill-down. */
  drillDown: { n: number | 'all'; seed: number };
  questions: QuestionDetail[];
  /** Self-feedback, when the pool carries checks or recorded feedback calls. */
  feedback?: FeedbackSection;
}

export interface FeedbackSection {
  /** Per refine method: what one more round did to right and wrong solutions. */
  transitions: { method: string; n: number | 'all'; rounds: TransitionRates[] }[];
  /** The solve/verify allocation, when solutions carry several verifications. */
  allocation?: AllocationResult;
}

/** How well one strategy's confidence predicts correctness, over one decision per question. */
export interface SeriesCalibration {
  series: string;
  /** Samples per decision. */
  n: number | 'all';
  decisions: number;
  ece: number;
  brier: number;
  /** NaN when every decision was right (or every one wrong). */
  auroc: number;
  aurc: number;
  bins: ReliabilityBin[];
  riskCoverage: RiskCoveragePoint[];
}

export interface QuestionDetail {
  id: string;
  gold: string | null;
  prompt?: string;
  /** Samples in the pool and how many of them are correct. */
  samples: number;
  correctSamples: number;
  /** Answer classes over the whole pool, most votes first. */
  votes: { answer: string; count: number; correct: boolean }[];
  /** Each strategy's decision on the drill-down draw. */
  decisions: { series: string; answer: string | null; confidence: number; correct: boolean; abstained: boolean }[];
  /** Whether the strategies' answers differ. */
  disagree: boolean;
  /** The first samples of the pool (text clipped), for reading what the model wrote. */
  shown: { index: number; answer: string | null; correct: boolean; tokens: number; status: string; text: string }[];
}

/**
 * Why the calibration table and the summary can disagree on the same strategy: the summary averages
 * every seeded draw of a row, the calibration table and the drill-down use one draw.
 */
export function drillDownNote(data: Pick<ReportData, 'drillDown' | 'rows'>): string {
  const trials = Math.max(...data.rows.filter((r) => r.n !== 'all').map((r) => r.trials), 1);
  const { n, seed } = data.drillDown;
  const at = n === 'all' ? 'with every sample' : `at N = ${n}`;
  return `From one seeded draw per question ${at} (seed ${seed}), the draw the questions below show; the summary tables average ${trials} seeded draws per N, so their ECE, Brier and AUROC differ from these.`;
}

/** The label of a row's line in charts and tables: the strategy, with its stop rule when it has one. */
export const seriesName = (row: Pick<EvalRow, 'strategy' | 'stop'>): string =>
  row.stop === 'fixed' ? row.strategy : `${row.strategy} + ${row.stop}`;
