/**
 * Fitting a calibration on a run's labelled decisions, with or without a certified threshold. With a
 * risk target the questions are split once, by a seeded shuffle: one part fits the calibrator, the
 * other (never seen by the fit) certifies the threshold with one decision per question at the budget
 * the guarantee is for. Without one, every question fits the calibrator.
 */
import { InvalidInputError } from '../core/errors.js';
import { createRng, deriveSeed, shuffled } from '../core/rng.js';
import type { SampleBudget } from '../eval/eval-question.js';
import { CALIBRATION_FORMAT, CALIBRATION_VERSION, type CalibrationArtifact, type RiskCertificate } from './artifact.js';
import { fitCalibrator, predictCalibrated, type CalibratorModel, type FitCalibratorOptions } from './calibrator.js';
import type { LabelledDecision } from './labelled-decisions.js';
import { chooseThreshold, type RiskPoint, type RiskTarget } from './risk-control.js';

export interface RiskOptions extends RiskTarget {
  /** The budget the guarantee is for; decisions at it must be among the labelled ones. */
  budget: SampleBudget;
  /** Share of the questions set aside to certify the threshold. Default 0.7. */
  share?: number;
}

export interface CalibrationFitOptions extends FitCalibratorOptions {
  risk?: RiskOptions;
  /** Seed of the fit/certify split and of which draw certifies each question. */
  seed: number;
}

export interface CalibrationFit {
  calibrator: CalibratorModel;
  dropped: CalibrationArtifact['dropped'];
  /** Questions and answered decisions the calibrator was fitted on. */
  questions: number;
  decisions: number;
  risk?: RiskCertificate;
}

/** Platt has few parameters and fits well on a third of a run; the binomial test needs every question it can get. */
export const DEFAULT_CERTIFY_SHARE = 0.7;

/** Question ids in order of first appearance. */
export const questionIds = (decisions: readonly LabelledDecision[]): string[] => [...new Set(decisions.map((d) => d.question))];

/** Splits ids by a seeded shuffle: the first `share` of them, and the rest. */
export function splitQuestions(ids: readonly string[], share: number, seed: number): [Set<string>, Set<string>] {
  const order = shuffled(ids, createRng(seed));
  const cut = Math.round(share * order.length);
  return [new Set(order.slice(0, cut)), new Set(order.slice(cut))];
}

/** One decision per question at the budget, the draw picked by the seed: how deployment meets a question once. */
export function oneDecisionPerQuestion(decisions: readonly LabelledDecision[], budget: SampleBudget, seed: number): LabelledDecision[] {
  const byQuestion = new Map<string, LabelledDecision[]>();
  for (const d of decisions) if (d.budget === budget) byQuestion.set(d.question, [...(byQuestion.get(d.question) ?? []), d]);
  return [...byQuestion.entries()].map(([question, draws]) => draws[createRng(deriveSeed(seed, 'certify', question)).int(draws.length)] as LabelledDecision);
}

export function riskPoint(model: CalibratorModel, d: LabelledDecision): RiskPoint {
  return { confidence: d.answered ? predictCalibrated(model, d) : null, correct: d.correct };
}

export function fitCalibration(decisions: readonly LabelledDecision[], options: CalibrationFitOptions): CalibrationFit {
  const ids = questionIds(decisions);
  const { risk } = options;
  if (risk === undefined) return { ...fitOn(decisions, options), questions: ids.length };
  if (!decisions.some((d) => d.budget === risk.budget)) throw new InvalidInputError(`no decision at budget ${String(risk.budget)} to certify the threshold on; include it in the budgets`);
  const share = risk.share ?? DEFAULT_CERTIFY_SHARE;
  if (!(share > 0 && share < 1)) throw new InvalidInputError(`the certification share must be between 0 and 1, got ${String(share)}`);
  if (ids.length < 2) throw new InvalidInputError(`a certified threshold needs questions to fit on and others to certify on; this run has ${ids.length}`);
  const [certifyIds, fitIds] = splitQuestions(ids, share, deriveSeed(options.seed, 'split'));
  const fitting = decisions.filter((d) => fitIds.has(d.question));
  const { calibrator, dropped, decisions: fitted } = fitOn(fitting, options);
  const order = fitting.filter((d) => d.budget === risk.budget).map((d) => riskPoint(calibrator, d));
  const certify = oneDecisionPerQuestion(decisions.filter((d) => certifyIds.has(d.question)), risk.budget, options.seed).map((d) => riskPoint(calibrator, d));
  const choice = chooseThreshold(order, certify, risk);
  return {
    calibrator,
    dropped,
    questions: fitIds.size,
    decisions: fitted,
    risk: {
      procedure: 'learn-then-test: fixed-sequence binomial tests',
      target: risk.risk,
      delta: risk.delta,
      budget: risk.budget,
      threshold: choice.threshold,
      questions: certify.length,
      answered: choice.answered,
      errors: choice.errors,
      coverage: choice.coverage,
      pValue: choice.pValue,
      minimumAnswered: choice.minimumAnswered,
    },
  };
}

function fitOn(decisions: readonly LabelledDecision[], options: FitCalibratorOptions): Omit<CalibrationFit, 'questions'> {
  const answered = decisions.filter((d) => d.answered);
  const { model, dropped } = fitCalibrator(answered, options);
  return { calibrator: model, dropped, decisions: answered.length };
}

export interface ArtifactSource {
  name: string;
  format: string;
  budgets: readonly SampleBudget[];
  draws: number;
  seed: number;
}

export function calibrationArtifact(strategy: string, source: ArtifactSource, fit: CalibrationFit, now: () => number = Date.now): CalibrationArtifact {
  return {
    format: CALIBRATION_FORMAT,
    version: CALIBRATION_VERSION,
    createdAt: new Date(now()).toISOString(),
    strategy,
    source: { name: source.name, format: source.format, questions: fit.questions, decisions: fit.decisions, budgets: [...source.budgets], draws: source.draws, seed: source.seed },
    calibrator: fit.calibrator,
    dropped: fit.dropped,
    ...(fit.risk !== undefined && { risk: fit.risk }),
  };
}
