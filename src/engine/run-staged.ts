/**
 * Running a staged procedure on the scheduler, live against a backend or virtually against recorded
 * replies. Live: every call goes through the backend (a request that throws comes back as an error
 * sample, so a check fails and is counted instead of ending the run), under one token budget and the
 * caller's signal. Virtual: `replyOf(call)` gives the recorded sample of each call and time is counted
 * in tokens, as `quorum eval` does for sampling.
 */
import type { Backend, GenerateRequest } from '../backends/backend.js';
import { BackendError, QuorumError } from '../core/errors.js';
import type { Sample, StopInfo } from '../core/types.js';
import type { FeedbackCall, Staged } from '../feedback/staged.js';
import { driveLive, onBackend } from './drive-live.js';
import { driveVirtual } from './drive-virtual.js';
import { Scheduler } from './scheduler.js';
import { stagedFlow, type StagedFlowOptions } from './staged-flow.js';

export interface StagedRun<T> {
  result: T;
  stop: StopInfo;
}

export interface LiveStagedOptions {
  backend: Backend;
  /** Generations in flight at once. Default 4. */
  concurrency?: number;
  /** One budget of completion tokens over every stage. */
  maxTotalTokens?: number | undefined;
  signal?: AbortSignal | undefined;
  onCall?: StagedFlowOptions['onCall'];
  now?: () => number;
  name?: string;
}

/** The backend request of a feedback call (its token limit is set by the scheduler). */
export function requestOf(call: FeedbackCall, backend: Backend): GenerateRequest {
  const { maxTokens: _limit, ...sampling } = call.sampling;
  const request: GenerateRequest = { ...sampling, prompt: call.prompt, n: 1 };
  if (call.logprobs === true) request.logprobs = true;
  const top = Math.min(call.topLogprobs ?? 0, backend.capabilities.topLogprobs);
  if (top > 0) request.topLogprobs = top;
  return request;
}

export async function runStagedLive<T>(procedure: Staged<T>, options: LiveStagedOptions): Promise<StagedRun<T>> {
  const { backend } = options;
  const flow = stagedFlow(procedure, { name: options.name ?? 'feedback', onCall: options.onCall });
  const scheduler = new Scheduler(flow, { concurrency: options.concurrency ?? 4, maxTotalTokens: options.maxTotalTokens, streaming: backend.capabilities.streaming });
  const execute = onBackend(backend, (job: { request: { call: FeedbackCall } }) => requestOf(job.request.call, backend));
  await driveLive(
    scheduler,
    (job, controls) =>
      execute(job, controls).catch((cause: unknown) => errorSample(cause instanceof QuorumError ? cause : new BackendError(`${job.stage} call failed: ${String(cause)}`, {}, { cause }))),
    { now: options.now ?? (() => performance.now()), signal: options.signal },
  );
  return { result: flow.conclude(), stop: scheduler.stopInfo as StopInfo };
}

export interface VirtualStagedOptions {
  /** The recorded reply to a call (an error sample when none was recorded). */
  replyOf: (call: FeedbackCall) => Sample;
  concurrency?: number;
  maxTotalTokens?: number | undefined;
  onCall?: StagedFlowOptions['onCall'];
  name?: string;
}

export function runStagedVirtual<T>(procedure: Staged<T>, options: VirtualStagedOptions): StagedRun<T> & { latency: number } {
  const flow = stagedFlow(procedure, { name: options.name ?? 'feedback', onCall: options.onCall });
  const scheduler = new Scheduler(flow, { concurrency: options.concurrency ?? 4, maxTotalTokens: options.maxTotalTokens });
  const { latency } = driveVirtual(scheduler, (job) => options.replyOf(job.request.call));
  return { result: flow.conclude(), stop: scheduler.stopInfo as StopInfo, latency };
}

export function errorSample(error: QuorumError): Sample {
  return { index: 0, text: '', tokens: 0, finishReason: 'error', status: 'error', error, usage: { promptTokens: 0, completionTokens: 0, calls: 1 } };
}
