/**
 * Applying a calibration to a decision: the one function `solve({ calibration })`, `quorum ask
 * --calibration` and the proxy call. The decision's confidence becomes the calibrated probability
 * (`confidenceKind: 'calibrated'`), the strategy's own value is kept in `raw`, and with a certified
 * threshold the decision abstains below it (always, when nothing could be certified).
 */
import { InvalidInputError } from '../core/errors.js';
import type { Decision, Sample } from '../core/types.js';
import type { CalibrationArtifact } from './artifact.js';
import { modelFeatures, predictCalibrated } from './calibrator.js';
import { decisionFeatures, featureDescriptions } from './features.js';

/** What a request will supply, checked before any sample is drawn. */
export interface CalibrationUse {
  /** The strategy's name as its decisions carry it. */
  strategy: string;
  /** Whether the samples will carry per-token logprobs. */
  logprobs: boolean;
}

/** Throws InvalidInputError when decisions made this way cannot be calibrated by the artifact. */
export function checkCalibrationUse(artifact: CalibrationArtifact, use: CalibrationUse): void {
  if (use.strategy !== artifact.strategy) {
    throw new InvalidInputError(`this calibration was fitted for strategy ${artifact.strategy}, not ${use.strategy}; use --strategy ${artifact.strategy} or fit one for ${use.strategy} with "quorum calibrate --strategy ${use.strategy}"`);
  }
  if (!use.logprobs && modelFeatures(artifact.calibrator).includes('mean-logprob')) {
    throw new InvalidInputError('this calibration reads the mean token logprob, so the samples need logprobs: request them (solve({ logprobs: true })), or fit one without: quorum calibrate --features …');
  }
}

/** Whether decisions this artifact calibrates need logprobs on their samples. */
export const calibrationNeedsLogprobs = (artifact: CalibrationArtifact): boolean => modelFeatures(artifact.calibrator).includes('mean-logprob');

export function calibrateDecision<D extends Decision>(artifact: CalibrationArtifact, decision: D, samples: readonly Sample[]): D {
  checkCalibrationUse(artifact, { strategy: decision.strategy, logprobs: true });
  const raw = { confidence: decision.confidence, confidenceKind: decision.confidenceKind, abstained: decision.abstained };
  let confidence = 0;
  if (decision.answer !== null) {
    const features = decisionFeatures(decision, samples);
    const missing = modelFeatures(artifact.calibrator).find((name) => features[name] === undefined);
    if (missing !== undefined) throw new InvalidInputError(`this calibration reads feature ${missing} (${featureDescriptions[missing]}), which this decision does not have`);
    confidence = predictCalibrated(artifact.calibrator, { confidence: decision.confidence, features });
  }
  const threshold = artifact.risk?.threshold;
  const abstained = decision.answer === null || (threshold === undefined ? decision.abstained : threshold === null || confidence < threshold);
  return { ...decision, confidence, confidenceKind: 'calibrated', abstained, raw };
}
