/** One evaluation row as the flat snake_case JSON object `quorum eval --json` prints per line. */
import { TIE_CONVENTION } from './eval-question.js';
import type { EvalRow } from './row-accumulator.js';

export interface RowContext {
  file: string;
  format: string;
  singleAccuracy: number;
  /** Questions not evaluated because every sample of theirs failed. */
  withoutUsableSample?: number;
}

export function formatJsonRow(context: RowContext, row: EvalRow): string {
  return JSON.stringify({
    file: context.file,
    format: context.format,
    strategy: row.strategy,
    stop: row.stop,
    n: row.n,
    questions: row.questions,
    questions_without_usable_sample: context.withoutUsableSample ?? 0,
    trials: row.trials,
    accuracy: round(row.accuracy),
    ties: TIE_CONVENTION,
    ci95: [round(row.ci95[0]), round(row.ci95[1])],
    pass_at_n: row.passAtN === undefined ? null : round(row.passAtN),
    seed_sd: round(row.seedSd),
    tokens_per_question: row.tokensPerQuestion === null ? null : round(row.tokensPerQuestion),
    samples_per_question: round(row.samplesPerQuestion),
    abstain_rate: round(row.abstainRate),
    ece: finiteOrNull(row.calibration.ece),
    brier: finiteOrNull(row.calibration.brier),
    auroc: finiteOrNull(row.calibration.auroc),
    aurc: finiteOrNull(row.calibration.aurc),
    single_accuracy: round(context.singleAccuracy),
  });
}

/** Four decimals: far below any difference an evaluation can resolve, and lines stay readable. */
const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Calibration figures are undefined (NaN) e.g. for AUROC when every decision is right; JSON says null. */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? round(x) : null);
