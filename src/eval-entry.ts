/**
 * `quorum/eval`: offline evaluation. Accuracy against compute for strategies and stop rules on
 * recorded samples (the same loop `quorum eval` runs), recording runs, and the metrics behind them.
 */
export { evaluatePool, type EvaluateOptions } from './eval/evaluate.js';
export { evaluateStopping, type StoppingEvalOptions, type StoppingRow } from './eval/evaluate-stopping.js';
export type { EvalRow } from './eval/row-accumulator.js';
export type { EvalQuestion, SampleBudget } from './eval/eval-question.js';
export { writeQuorumJsonl } from './backends/replay/write-quorum-jsonl.js';
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
export { coverageCurve, passAtK, type CoveragePoint, type QuestionCounts } from './eval/metrics/pass-at-k.js';
export { fitCoverage, predictCoverage, type CoverageFit } from './eval/metrics/coverage-fit.js';
