/**
 * A staged procedure (feedback/staged.ts: a check, a refine loop, solve-detect-verify, …) as a Flow
 * on the scheduler: each batch's calls become jobs (independent ones run side by side, up to the
 * concurrency), and when the last of a batch has ended the procedure is resumed with their samples.
 * The scheduler keeps the one token budget over every stage and cancels on a stop; what the procedure
 * still asks after the run has ended is answered with cancelled samples (`conclude`), so it always
 * reaches a result from what was done.
 */
import { AbortError } from '../core/errors.js';
import type { Sample, StopInfo } from '../core/types.js';
import type { FeedbackCall, Staged } from '../feedback/staged.js';
import type { Flow, Job, JobSpec } from './scheduler.js';

/** One job of a staged flow: the call and where its sample goes. */
export interface StagedJob {
  call: FeedbackCall;
  batch: number;
  position: number;
}

export interface StagedFlow<T> extends Flow<StagedJob> {
  /** The procedure's result; calls it makes after the run ended get cancelled samples (no tokens). */
  conclude(): T;
}

export interface StagedFlowOptions {
  name: string;
  /** Every ended call (any status), in ending order: the per-stage event. */
  onCall?: ((call: FeedbackCall, sample: Sample) => void) | undefined;
}

export function stagedFlow<T>(procedure: Staged<T>, options: StagedFlowOptions): StagedFlow<T> {
  let step = procedure.next();
  let batch = 0;
  let calls: FeedbackCall[] = [];
  let replies: (Sample | undefined)[] = [];
  let launched = 0;
  let returned = 0;
  const take = (): void => {
    // A procedure that asks for nothing is resumed at once.
    while (step.done !== true && step.value.length === 0) step = procedure.next([]);
    calls = step.done === true ? [] : step.value;
    replies = calls.map(() => undefined);
    launched = 0;
    returned = 0;
  };
  const advance = (): void => {
    step = procedure.next(replies as Sample[]);
    batch++;
    take();
  };
  take();

  return {
    name: options.name,
    next(): JobSpec<StagedJob> | undefined {
      if (launched >= calls.length) return undefined;
      const position = launched++;
      const call = calls[position] as FeedbackCall;
      return { stage: call.stage, request: { call, batch, position }, maxTokens: call.sampling.maxTokens };
    },
    finished(job: Job<StagedJob>, sample: Sample): StopInfo | undefined {
      if (job.request.batch !== batch) throw new Error(`internal: a ${job.stage} call of an earlier batch ended late`);
      replies[job.request.position] = sample;
      returned++;
      options.onCall?.(job.request.call, sample);
      if (returned === calls.length) advance();
      return undefined;
    },
    exhausted: () => ({ rule: options.name, reason: 'finished' }),
    conclude(): T {
      while (step.done !== true) {
        replies = replies.map((r) => r ?? cancelledSample());
        advance();
      }
      return step.value;
    },
  };
}

function cancelledSample(): Sample {
  return {
    index: 0,
    text: '',
    tokens: 0,
    finishReason: 'aborted',
    status: 'aborted',
    error: new AbortError('not run: the run had stopped'),
    usage: { promptTokens: 0, completionTokens: 0, calls: 0 },
  };
}
