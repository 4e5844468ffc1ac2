/**
 * Honest calibration figures: k-fold cross-fitting by question. Each fold's decisions are calibrated
 * by a calibrator fitted on the other folds only, so no question is ever scored by a model that saw
 * it (decisions of one question at different budgets and draws share samples and always stay
 * together). Repeated over several fold assignments; the figures are their mean.
 */
import { InvalidInputError } from '../core/errors.js';
import { createRng, deriveSeed, shuffled } from '../core/rng.js';
import { auroc, brierScore, expectedCalibrationError } from '../eval/calibration.js';
import type { SampleBudget } from '../eval/eval-question.js';
import { reliabilityBins, type ReliabilityBin, type Scored } from '../eval/metrics/reliability.js';
import { mean, standardDeviation } from '../eval/stats.js';
import { fitCalibrator, predictCalibrated, type FitCalibratorOptions } from './calibrator.js';
import { questionIds } from './fit-calibration.js';
import type { LabelledDecision } from './labelled-decisions.js';

export interface CalibrationMetrics {
  ece: number;
  brier: number;
  auroc: number;
}

export interface CrossFitOptions extends FitCalibratorOptions {
  /** Default 5 (fewer when there are fewer questions). */
  folds?: number;
  /** Fold assignments averaged over. Default 5. */
  repeats?: number;
  seed: number;
}

export interface CrossFitResult {
  questions: number;
  /** Answered decisions (those without an answer are never answered and need no calibration). */
  decisions: number;
  folds: number;
  repeats: number;
  raw: CalibrationMetrics;
  calibrated: CalibrationMetrics;
  /** Spread of the calibrated ECE over the fold assignments. */
  calibratedEceSd: number;
  byBudget: { budget: SampleBudget; decisions: number; raw: CalibrationMetrics; calibrated: CalibrationMetrics }[];
  /**
   * The ECE a perfectly calibrated confidence would still show on these decisions, from labels drawn
   * from the calibrated probabilities themselves: independently per decision (a lower estimate) and
   * with one uniform draw per question (decisions of a question agree as much as they can, an upper
   * one). A measured ECE near this is sampling noise, not miscalibration.
   */
  eceFloor: { independent: number; perQuestion: number };
  /** Ten-bin reliability diagrams over every answered decision (first fold assignment). */
  reliability: { raw: ReliabilityBin[]; calibrated: ReliabilityBin[] };
  /** The answered decisions and their cross-fitted calibrated confidence (first fold assignment). */
  scored: { decision: LabelledDecision; calibrated: number }[];
}

export const DEFAULT_FOLDS = 5;
export const DEFAULT_REPEATS = 5;
const FLOOR_SIMULATIONS = 50;

export const metricsOf = (items: readonly Scored[]): CalibrationMetrics => ({ ece: expectedCalibrationError(items), brier: brierScore(items), auroc: auroc(items) });

const meanMetrics = (all: readonly CalibrationMetrics[]): CalibrationMetrics => ({
  ece: mean(all.map((m) => m.ece)),
  brier: mean(all.map((m) => m.brier)),
  auroc: mean(all.map((m) => m.auroc)),
});

/** Cross-fitted predictions for every answered decision under one fold assignment. */
function crossFitted(answered: readonly LabelledDecision[], ids: readonly string[], folds: number, seed: number, options: FitCalibratorOptions): number[] {
  const fold = new Map(shuffled(ids, createRng(seed)).map((id, i) => [id, i % folds]));
  const predictions = answered.map(() => Number.NaN);
  for (let k = 0; k < folds; k++) {
    const { model } = fitCalibrator(answered.filter((d) => fold.get(d.question) !== k), options);
    answered.forEach((d, i) => {
      if (fold.get(d.question) === k) predictions[i] = predictCalibrated(model, d);
    });
  }
  return predictions;
}

export function crossFitCalibration(decisions: readonly LabelledDecision[], options: CrossFitOptions): CrossFitResult {
  const answered = decisions.filter((d) => d.answered);
  const ids = questionIds(answered);
  if (ids.length < 2) throw new InvalidInputError(`cross-fitting needs at least 2 questions with an answered decision, got ${ids.length}`);
  const folds = Math.min(options.folds ?? DEFAULT_FOLDS, ids.length);
  if (!(Number.isInteger(folds) && folds >= 2)) throw new InvalidInputError(`folds must be an integer ≥ 2, got ${String(options.folds)}`);
  const repeats = options.repeats ?? DEFAULT_REPEATS;
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new InvalidInputError(`repeats must be a positive integer, got ${String(repeats)}`);
  const runs = Array.from({ length: repeats }, (_, r) => crossFitted(answered, ids, folds, deriveSeed(options.seed, 'folds', r), options));
  const rawItems = answered.map((d) => ({ confidence: d.confidence, correct: d.correct }));
  const calibratedItems = runs.map((p) => answered.map((d, i) => ({ confidence: p[i] as number, correct: d.correct })));
  const budgets = [...new Set(answered.map((d) => d.budget))];
  const first = runs[0] as number[];
  return {
    questions: ids.length,
    decisions: answered.length,
    folds,
    repeats,
    raw: metricsOf(rawItems),
    calibrated: meanMetrics(calibratedItems.map(metricsOf)),
    calibratedEceSd: standardDeviation(calibratedItems.map((items) => expectedCalibrationError(items))),
    byBudget: budgets.map((budget) => {
      const at = answered.flatMap((d, i) => (d.budget === budget ? [i] : []));
      return {
        budget,
        decisions: at.length,
        raw: metricsOf(at.map((i) => rawItems[i] as Scored)),
        calibrated: meanMetrics(calibratedItems.map((items) => metricsOf(at.map((i) => items[i] as Scored)))),
      };
    }),
    eceFloor: eceFloor(answered, first, deriveSeed(options.seed, 'floor')),
    reliability: { raw: reliabilityBins(rawItems), calibrated: reliabilityBins(calibratedItems[0] as Scored[]) },
    scored: answered.map((decision, i) => ({ decision, calibrated: first[i] as number })),
  };
}

function eceFloor(answered: readonly LabelledDecision[], predictions: readonly number[], seed: number): CrossFitResult['eceFloor'] {
  const rng = createRng(seed);
  const simulate = (draw: (i: number, perQuestion: Map<string, number>) => number): number =>
    mean(
      Array.from({ length: FLOOR_SIMULATIONS }, () => {
        const perQuestion = new Map<string, number>();
        return expectedCalibrationError(predictions.map((p, i) => ({ confidence: p, correct: draw(i, perQuestion) < p })));
      }),
    );
  return {
    independent: simulate(() => rng.next()),
    perQuestion: simulate((i, perQuestion) => {
      const question = (answered[i] as LabelledDecision).question;
      let u = perQuestion.get(question);
      if (u === undefined) perQuestion.set(question, (u = rng.next()));
      return u;
    }),
  };
}
