/**
 * `quorum eval --calibrate cv` and the calibration bench in one call: labelled decisions from a pool,
 * cross-fitted figures before and after calibration, the risk guarantee over random splits, and the
 * risk–coverage curves with the point the certified threshold reaches.
 */
import type { EvalQuestion, SampleBudget } from '../eval/eval-question.js';
import { riskCoverage, type RiskCoveragePoint } from '../eval/metrics/reliability.js';
import type { Strategy } from '../strategies/strategy.js';
import type { FitCalibratorOptions } from './calibrator.js';
import { crossFitCalibration, type CrossFitResult } from './cross-fit.js';
import { oneDecisionPerQuestion, type RiskOptions } from './fit-calibration.js';
import { labelledDecisions, type LabelledDecision } from './labelled-decisions.js';
import { riskSplits, type RiskSplitResult } from './risk-splits.js';

export interface CalibrationEvalOptions extends FitCalibratorOptions {
  strategy: Strategy;
  budgets: readonly SampleBudget[];
  draws: number;
  seed: number;
  folds?: number;
  repeats?: number;
  /** The guarantee to check; without it only the cross-fitted figures are computed. */
  risk?: RiskOptions & { splits?: number; testShare?: number };
}

export interface CalibrationEvaluation {
  strategy: string;
  method: FitCalibratorOptions['method'];
  budgets: SampleBudget[];
  draws: number;
  crossFit: Omit<CrossFitResult, 'scored'>;
  risk?: RiskSplitResult;
  /** At the certified budget (else the largest), one decision per question: raw and cross-fitted curves. */
  riskCoverage: { budget: SampleBudget; raw: RiskCoveragePoint[]; calibrated: RiskCoveragePoint[]; chosen?: { coverage: number; risk: number } };
}

export async function evaluateCalibration(questions: readonly EvalQuestion[], options: CalibrationEvalOptions): Promise<CalibrationEvaluation> {
  const decisions = await labelledDecisions(questions, options);
  const { scored, ...crossFit } = crossFitCalibration(decisions, options);
  const risk =
    options.risk === undefined
      ? undefined
      : riskSplits(decisions, {
          ...options,
          risk: options.risk,
          ...(options.risk.splits !== undefined && { splits: options.risk.splits }),
          ...(options.risk.testShare !== undefined && { testShare: options.risk.testShare }),
        });
  const budget = options.risk?.budget ?? (options.budgets.at(-1) as SampleBudget);
  const calibrated = new Map<LabelledDecision, number>(scored.map((s) => [s.decision, s.calibrated]));
  const once = oneDecisionPerQuestion(decisions, budget, options.seed);
  // Decisions without an answer stay in, at confidence 0, as the report's other curves count them.
  const curve = (confidence: (d: LabelledDecision) => number): RiskCoveragePoint[] =>
    riskCoverage(once.map((d) => ({ confidence: d.answered ? confidence(d) : 0, correct: d.correct }))).points;
  return {
    strategy: options.strategy.name,
    method: options.method,
    budgets: [...options.budgets],
    draws: options.draws,
    crossFit,
    ...(risk !== undefined && { risk }),
    riskCoverage: {
      budget,
      raw: curve((d) => d.confidence),
      calibrated: curve((d) => calibrated.get(d) as number),
      ...(risk !== undefined && { chosen: { coverage: risk.coverage.mean, risk: risk.risk.mean } }),
    },
  };
}
