/**
 * Multi-stage procedures (a check, a revision, a loop) as pure state machines: a generator yields the
 * model calls to make now (independent ones together), is resumed with their samples in the same
 * order, and returns its result. It decides what to launch next from what has finished and never
 * calls a backend itself: the engine's scheduler owns concurrency, the token budget and cancellation
 * (engine/run-staged.ts, live or on recorded replies), and a procedure never yields an empty batch.
 */
import type { SamplingOptions } from '../backends/backend.js';
import type { Prompt, Sample } from '../core/types.js';

/** What a call is for: reported per stage and recorded with its sample. */
export type FeedbackStage = 'solve' | 'verify' | 'p-true' | 'critique' | 'revise' | 'step-check' | 'backward';

export interface FeedbackCall {
  stage: FeedbackStage;
  prompt: Prompt;
  /** Temperature, token limit, stop sequences and seed of this one call (n is always 1). */
  sampling: SamplingOptions;
  logprobs?: boolean;
  topLogprobs?: number;
}

/** A procedure that yields batches of calls and returns T. */
export type Staged<T> = Generator<FeedbackCall[], T, Sample[]>;

/**
 * Several procedures advanced together: each batch is the union of their current batches, so
 * independent checks (one per sample) run side by side. Results come back in the given order.
 */
export function* inParallel<T>(procedures: readonly Staged<T>[]): Staged<T[]> {
  const results: T[] = [];
  let pending = procedures.map((procedure, at) => ({ procedure, at, step: procedure.next() }));
  while (true) {
    for (const p of pending) if (p.step.done === true) results[p.at] = p.step.value;
    pending = pending.filter((p) => p.step.done !== true);
    if (pending.length === 0) return results;
    const batches = pending.map((p) => p.step.value as FeedbackCall[]);
    const samples = yield batches.flat();
    let offset = 0;
    for (const [i, p] of pending.entries()) {
      const size = (batches[i] as FeedbackCall[]).length;
      p.step = p.procedure.next(samples.slice(offset, offset + size));
      offset += size;
    }
  }
}

/** The same procedure with every call rewritten (e.g. a caller's sampling settings). */
export function* mapCalls<T>(procedure: Staged<T>, rewrite: (call: FeedbackCall) => FeedbackCall): Staged<T> {
  let step = procedure.next();
  while (step.done !== true) step = procedure.next(yield step.value.map(rewrite));
  return step.value;
}
