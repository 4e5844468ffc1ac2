/**
 * `quorum/eval`: offline evaluation. Accuracy against compute for strategies and stop rules on
 * recorded samples (the same loop `quorum eval` runs), recording runs, and the metrics behind them.
 */
export { evaluatePool, type EvaluateOptions } from './eval/evaluate.js';
export { evaluateStopping, type StoppingEvalOptions, type StoppingRow } from './eval/evaluate-stopping.js';
export type { EvalRow } from './eval/row-accumulator.js';
export type { EvalQuestion, SampleBudget } from './eval/eval-question.js';
export { writeQuorumJsonl } from './recordings/write-quorum-jsonl.js';
export { evaluateFeedback, type FeedbackEvalRow, type FeedbackMethod, type TransitionRates } from './eval/evaluate-feedback.js';
export { evaluateAllocation, type AllocationOptions, type AllocationResult } from './eval/allocation.js';
export { decideAllocation, type AllocationDecision, type DecisionCandidate } from './eval/allocation-decision.js';

// Calibration and evaluation metrics over (confidence, correct) pairs and recorded pools.
export {
  auroc,
  brierScore,
  calibrationSummary,
  ECE_BINS,
  expectedCalibrationError,
  type CalibrationSummary,
} from './eval/calibration.js';
export {
  reliabilityBins,
  riskCoverage,
  type ReliabilityBin,
  type RiskCoveragePoint,
  type Scored,
} from './eval/metrics/reliability.js';
export { coverageAt, coverageCurve, passAtK, type CoveragePoint, type QuestionCounts } from './eval/metrics/pass-at-k.js';
export { TIE_CONVENTION } from './eval/eval-question.js';
export { fitCoverage, predictCoverage, type CoverageFit } from './eval/metrics/coverage-fit.js';

// SelfCheckGPT's figures: sentence-level AUC-PR (NonFact, NonFact*, Factual) and passage correlations.
export { chanceFigures, selfCheckFigures, type ScoredPassage, type SelfCheckFigures } from './eval/selfcheck-figures.js';
export { areaUnderPrecisionRecall, precisionRecallCurve, trapezoidArea, type PrecisionRecallCurve } from './eval/metrics/precision-recall.js';
// Calibration learnt from a labelled run: fit, certify an abstention threshold, judge by cross-fitting, export training data.
export { labelledDecisions, type LabelledDecision } from './calibration/labelled-decisions.js';
export { calibrationArtifact, fitCalibration, type CalibrationFitOptions } from './calibration/fit-calibration.js';
export { calibrationMethods, type CalibrationMethod } from './calibration/calibrator.js';
export { featureNames, type FeatureName } from './calibration/features.js';
export { chooseThreshold, type RiskTarget, type ThresholdChoice } from './calibration/risk-control.js';
export { evaluateCalibration, type CalibrationEvaluation } from './calibration/evaluate-calibration.js';
export { pseudoLabelPrecision, type PseudoLabelRow } from './calibration/pseudo-labels.js';
export { exportTrainingData, type ExportOptions } from './calibration/training-export.js';
export { lineSchemas, trainingFormats, type TrainingFormat, type TrainingLine } from './calibration/training-formats.js';
