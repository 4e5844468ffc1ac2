/**
 * One question, many samples, one decision: the sampling flow on the scheduler, driven live against a
 * backend (up to `concurrency` generations in flight; the stop rule asked after each finished sample;
 * what still runs cancelled the moment it says stop, their partial tokens still counted), then every
 * sample handed to the strategy.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Backend, GenerateRequest, SamplingOptions } from '../backends/backend.js';
import { calibrateDecision, checkCalibrationUse } from '../calibration/apply-calibration.js';
import type { CalibrationArtifact } from '../calibration/artifact.js';
import { InvalidInputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import type { Decision, Prompt, Sample, StopInfo } from '../core/types.js';
import type { StopRule } from '../stopping/stop-rule.js';
import type { Strategy } from '../strategies/strategy.js';
import type { FeedbackOptions } from '../feedback/feedback-options.js';
import { driveLive, onBackend } from './drive-live.js';
import { solveWithFeedback, type FeedbackReport } from './solve-feedback.js';
import type { SolveEvent } from './events.js';
import { samplingFlow } from './sampling-flow.js';
import { Scheduler } from './scheduler.js';

export interface SolveOptions {
  backend: Backend;
  prompt: Prompt;
  answerKind: AnswerKind;
  strategy: Strategy;
  /** Most samples to draw. */
  maxSamples: number;
  /** Most completion tokens over all samples, cancelled ones included. */
  maxTotalTokens?: number;
  /** When to stop early; without one, all `maxSamples` are drawn. */
  stopRule?: StopRule;
  /** Generations in flight at once. Default 4. */
  concurrency?: number;
  sampling?: SamplingOptions;
  logprobs?: boolean;
  topLogprobs?: number;
  /**
   * Ask for exact per-token entropy and self-certainty (backends that see the full distribution, i.e.
   * the embedded model; others ignore it). Needed by the `self-certainty-exact` signal.
   */
  distributionStats?: boolean;
  /** Sample i is requested with seed deriveSeed(seed, 'sample', i). */
  seed: number;
  /** Aborting ends sampling; the samples so far are still decided on (stop rule `caller`). */
  signal?: AbortSignal;
  onEvent?: (event: SolveEvent) => void;
  /** Clock in milliseconds, injectable for deterministic tests. Default `performance.now`. */
  now?: () => number;
  /**
   * A calibration (`quorum calibrate`, readCalibration): the decision's confidence becomes its calibrated
   * probability of being right, the raw one kept in `raw`, and it abstains below the certified threshold.
   */
  calibration?: CalibrationArtifact;
  /**
   * Let the model check and correct its own samples (docs/feedback.md): `verify` every sample, `refine`
   * each for up to R rounds, `solve-detect-verify`, or `magicore`. Every call counts in usage and in
   * `maxTotalTokens`. Not combinable with a stop rule.
   */
  feedback?: FeedbackOptions;
}

/** The decision with every sample drawn (cancelled and failed ones included) and the wall time it took. */
export interface SolveResult extends Decision {
  /** Every sample drawn; with feedback, every solution and revision, each with its checks. */
  samples: Sample[];
  elapsedMs: number;
  /** With `feedback`: what the loop did. */
  feedback?: FeedbackReport;
}

function validate(o: SolveOptions): void {
  if (!Number.isInteger(o.maxSamples) || o.maxSamples < 1) {
    throw new InvalidInputError(`maxSamples must be a positive integer, got ${String(o.maxSamples)}`);
  }
  const k = o.stopRule?.needsTopLogprobs;
  if (k !== undefined && (!o.backend.capabilities.streaming || o.backend.capabilities.topLogprobs < 1)) {
    throw new InvalidInputError(
      `stop rule ${o.stopRule?.name ?? ''} cancels generations from streamed top-k logprobs, which backend ${o.backend.id} cannot give; use a streaming backend with top logprobs (e.g. the embedded model) or another rule`,
    );
  }
  if (o.calibration !== undefined) checkCalibrationUse(o.calibration, { strategy: o.strategy.name, logprobs: o.logprobs === true || (o.topLogprobs ?? 0) > 0 });
}

export async function solve(options: SolveOptions): Promise<SolveResult> {
  if (options.feedback !== undefined) return solveWithFeedback({ ...options, feedback: options.feedback });
  validate(options);
  const { backend, answerKind, strategy, stopRule, onEvent } = options;
  const now = options.now ?? (() => performance.now());
  const topLogprobs = Math.max(options.topLogprobs ?? 0, Math.min(stopRule?.needsTopLogprobs ?? 0, backend.capabilities.topLogprobs));
  const { maxTokens, ...sampling } = options.sampling ?? {};
  const request = (ordinal: number): GenerateRequest => ({
    ...sampling,
    prompt: options.prompt,
    n: 1,
    seed: deriveSeed(options.seed, 'sample', ordinal),
    ...((options.logprobs === true || topLogprobs > 0) && { logprobs: true }),
    ...(topLogprobs > 0 && { topLogprobs }),
    ...(options.distributionStats === true && { distributionStats: true }),
  });
  const flow = samplingFlow({ answerKind, maxSamples: options.maxSamples, stopRule, request, maxTokens, onEvent });
  const scheduler = new Scheduler(flow, {
    concurrency: options.concurrency ?? 4,
    maxTotalTokens: options.maxTotalTokens,
    streaming: backend.capabilities.streaming,
  });
  const started = now();
  await driveLive(
    scheduler,
    onBackend(backend, (job) => job.request.request),
    { now, signal: options.signal, onStop: (info) => onEvent?.({ type: 'stop', rule: info.rule, reason: info.reason }) },
  );
  flow.close();
  const samples = flow.samples;
  const aggregated: Decision = {
    ...(await strategy.aggregate(samples, {
      answerKind,
      seed: options.seed,
      prompt: options.prompt,
      backend,
      ...(options.signal ? { signal: options.signal } : {}),
    })),
    stop: scheduler.stopInfo as StopInfo,
  };
  const decision = options.calibration === undefined ? aggregated : calibrateDecision(options.calibration, aggregated, samples);
  onEvent?.({ type: 'decision', decision });
  return { ...decision, samples, elapsedMs: now() - started };
}
