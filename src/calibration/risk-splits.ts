/**
 * Does the guarantee hold? Over many random splits of the questions into a calibration half and a
 * test half, run exactly what `quorum calibrate --target-risk` does on the calibration half (fit,
 * certify) and measure on the test half, one decision per question at the certified budget: the error
 * rate among answered questions and the share answered. The bound is broken in a split whose test
 * risk exceeds the target; Learn-then-Test promises that for at most δ of calibration draws, about
 * the true risk — a finite test half adds its own noise on top, so this is a strict check.
 */
import { InvalidInputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import type { SampleBudget } from '../eval/eval-question.js';
import { mean, quantile } from '../eval/stats.js';
import type { FitCalibratorOptions } from './calibrator.js';
import { fitCalibration, oneDecisionPerQuestion, questionIds, riskPoint, splitQuestions, type RiskOptions } from './fit-calibration.js';
import type { LabelledDecision } from './labelled-decisions.js';
import { minimumAnswered, type RiskPoint } from './risk-control.js';

export interface RiskSplitOptions extends FitCalibratorOptions {
  risk: RiskOptions;
  /** Default 200. */
  splits?: number;
  /** Share of the questions held out for testing. Default 0.5. */
  testShare?: number;
  seed: number;
}

export interface Spread {
  mean: number;
  p10: number;
  median: number;
  p90: number;
}

export interface RiskSplitResult {
  target: number;
  delta: number;
  budget: SampleBudget;
  splits: number;
  /** Questions per split: calibration half (of which `certifyShare` certifies) and test half. */
  calibrationQuestions: number;
  testQuestions: number;
  certifyQuestions: number;
  /** The fewest answered certification decisions that could ever certify the target. */
  minimumAnswered: number;
  /** Splits whose test risk was within the target (a split that answered nothing holds trivially). */
  held: number;
  heldShare: number;
  /**
   * The same with the test risk measured over every recorded draw of the test questions at the budget:
   * less noise from which single draw each question got, the same questions.
   */
  heldAllDrawsShare: number;
  /** Splits where nothing could be certified, so every test question was declined. */
  noThreshold: number;
  coverage: Spread;
  /** Test risk over the splits that answered something. */
  risk: Spread & { max: number };
}

export const DEFAULT_SPLITS = 200;
export const DEFAULT_TEST_SHARE = 0.5;

const spread = (values: readonly number[]): Spread => {
  const sorted = values.toSorted((a, b) => a - b);
  return { mean: mean(values), p10: quantile(sorted, 0.1), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
};

export function riskSplits(decisions: readonly LabelledDecision[], options: RiskSplitOptions): RiskSplitResult {
  const splits = options.splits ?? DEFAULT_SPLITS;
  const testShare = options.testShare ?? DEFAULT_TEST_SHARE;
  if (!(Number.isInteger(splits) && splits >= 1)) throw new InvalidInputError(`splits must be a positive integer, got ${String(splits)}`);
  if (!(testShare > 0 && testShare < 1)) throw new InvalidInputError(`the test share must be between 0 and 1, got ${String(testShare)}`);
  const ids = questionIds(decisions);
  const { risk } = options;
  const coverages: number[] = [];
  const risks: number[] = [];
  let held = 0;
  let heldAllDraws = 0;
  let noThreshold = 0;
  let sizes = { calibration: 0, test: 0, certify: 0 };
  for (let s = 0; s < splits; s++) {
    const [testIds, calibrationIds] = splitQuestions(ids, testShare, deriveSeed(options.seed, 'split', s));
    const fit = fitCalibration(
      decisions.filter((d) => calibrationIds.has(d.question)),
      { ...options, seed: deriveSeed(options.seed, 'calibrate', s) },
    );
    const certificate = fit.risk as NonNullable<typeof fit.risk>;
    const test = oneDecisionPerQuestion(decisions.filter((d) => testIds.has(d.question)), risk.budget, deriveSeed(options.seed, 'test', s)).map((d) => riskPoint(fit.calibrator, d));
    const threshold = certificate.threshold;
    const answeredOf = (points: readonly RiskPoint[]): RiskPoint[] => (threshold === null ? [] : points.filter((p) => p.confidence !== null && p.confidence >= threshold));
    const answered = answeredOf(test);
    const errors = answered.filter((p) => !p.correct).length;
    const allDraws = answeredOf(decisions.filter((d) => testIds.has(d.question) && d.budget === risk.budget).map((d) => riskPoint(fit.calibrator, d)));
    if (allDraws.length === 0 || allDraws.filter((p) => !p.correct).length / allDraws.length <= risk.risk) heldAllDraws++;
    sizes = { calibration: calibrationIds.size, test: test.length, certify: certificate.questions };
    if (threshold === null) noThreshold++;
    coverages.push(test.length === 0 ? 0 : answered.length / test.length);
    if (answered.length > 0) risks.push(errors / answered.length);
    if (answered.length === 0 || errors / answered.length <= risk.risk) held++;
  }
  return {
    target: risk.risk,
    delta: risk.delta,
    budget: risk.budget,
    splits,
    calibrationQuestions: sizes.calibration,
    testQuestions: sizes.test,
    certifyQuestions: sizes.certify,
    minimumAnswered: minimumAnswered(risk),
    held,
    heldShare: held / splits,
    heldAllDrawsShare: heldAllDraws / splits,
    noThreshold,
    coverage: spread(coverages),
    risk: { ...spread(risks), max: risks.length === 0 ? Number.NaN : Math.max(...risks) },
  };
}
