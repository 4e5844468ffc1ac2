/**
 * Stopping on recorded samples: the engine's sampling flow and scheduler, driven by the virtual clock
 * (src/engine/drive-virtual.ts) instead of a backend. A recorded sample of T tokens takes T time units;
 * latency is the time at which the question is decided. This is solve() on a replay backend, minus the
 * promises: the engine parity test checks that both give the same samples, tokens and latency.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import { InvalidInputError } from '../core/errors.js';
import type { Sample, StopInfo } from '../core/types.js';
import { driveVirtual } from '../engine/drive-virtual.js';
import { samplingFlow } from '../engine/sampling-flow.js';
import { Scheduler } from '../engine/scheduler.js';
import type { StopRule } from '../stopping/stop-rule.js';

export interface SimulationOptions {
  /** Recorded samples in the order they would be requested; `tokens` sets each one's duration. */
  pool: readonly Sample[];
  rule: StopRule;
  answerKind: AnswerKind;
  concurrency: number;
  /** Default: the whole pool. */
  maxSamples?: number;
  maxTotalTokens?: number;
  /** Most tokens per sample (longer recorded ones end there, with no answer). */
  maxTokens?: number;
}

export interface SimulationResult {
  /** Ended samples (cancelled ones included, status 'aborted'), in ending order; `index` is the start order. */
  samples: Sample[];
  /** Tokens generated, including partial tokens of cancelled generations. */
  tokens: number;
  /** Token-time from the first request to the decision. */
  latency: number;
  started: number;
  stop: StopInfo;
}

/** Throws when the rule cannot run on recorded samples (it needs a live token stream). */
export function checkSimulable(rule: StopRule): void {
  if (rule.needsTopLogprobs !== undefined) {
    throw new InvalidInputError(`stop rule ${rule.name} needs streamed top-k logprobs, which recorded samples do not have; run it live`);
  }
}

export function simulateStopping(options: SimulationOptions): SimulationResult {
  const { pool, rule } = options;
  checkSimulable(rule);
  const flow = samplingFlow({
    answerKind: options.answerKind,
    maxSamples: Math.min(options.maxSamples ?? pool.length, pool.length),
    stopRule: rule,
    request: (ordinal) => pool[ordinal] as Sample,
    maxTokens: options.maxTokens,
  });
  const scheduler = new Scheduler(flow, { concurrency: options.concurrency, maxTotalTokens: options.maxTotalTokens });
  const { latency } = driveVirtual(scheduler, (job) => job.request.request);
  flow.close();
  return { samples: flow.samples, tokens: scheduler.tokensSpent, latency, started: scheduler.started, stop: scheduler.stopInfo as StopInfo };
}
