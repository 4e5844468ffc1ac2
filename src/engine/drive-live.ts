/**
 * Drives a Scheduler with real promises: each launched job runs through `execute` with its own
 * AbortSignal, streamed tokens go back to the scheduler (which may cancel that one job), and every
 * ended job is handed back the moment it ends. solve() and recording both run through here.
 */
import type { Backend, GenerateRequest } from '../backends/backend.js';
import { AbortError, BackendError } from '../core/errors.js';
import type { GeneratedToken, Sample, StopInfo } from '../core/types.js';
import type { Command, Job, Scheduler } from './scheduler.js';

export interface JobControls {
  /** Aborted when the scheduler cancels this job (a stop, a cap, a watcher) or the run ends. */
  signal: AbortSignal;
  /** Report each streamed token; `'cancel'` means stop generating this job now. */
  onToken: (token: GeneratedToken) => 'cancel' | undefined;
}

export interface LiveDriveOptions {
  now: () => number;
  /** The caller's signal: aborting ends the run, which then decides on what it has (rule `caller`). */
  signal?: AbortSignal | undefined;
  onStop?: ((info: StopInfo) => void) | undefined;
}

/**
 * Runs to the end. A job whose `execute` rejects (the whole request failed: bad configuration, an
 * unreachable model) stops the run; once everything still running has come back, that error rejects.
 */
export function driveLive<R>(
  scheduler: Scheduler<R>,
  execute: (job: Job<R>, controls: JobControls) => Promise<Sample>,
  options: LiveDriveOptions,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const controllers = new Map<number, AbortController>();
    let failure: unknown;
    let settled = false;
    const onCallerAbort = (): void => apply(scheduler.stop({ rule: 'caller', reason: 'cancelled through the AbortSignal' }, options.now()));
    const settle = (): void => {
      if (settled || !scheduler.done) return;
      settled = true;
      options.signal?.removeEventListener('abort', onCallerAbort);
      if (failure !== undefined) reject(failure);
      else resolve();
    };
    function apply(commands: Command<R>[]): void {
      for (const command of commands) {
        if (command.type === 'launch') launch(command.job);
        else if (command.type === 'cancel') controllers.get(command.id)?.abort(new AbortError('cancelled by the scheduler'));
        else options.onStop?.(command.info);
      }
      settle();
    }
    function launch(job: Job<R>): void {
      const controller = new AbortController();
      controllers.set(job.id, controller);
      const controls: JobControls = { signal: controller.signal, onToken: (token) => scheduler.token(job.id, token) };
      execute(job, controls).then(
        (sample) => {
          controllers.delete(job.id);
          apply(scheduler.finished(job.id, sample, options.now()));
        },
        (error: unknown) => {
          controllers.delete(job.id);
          failure ??= error;
          apply(scheduler.dropped(job.id, { rule: 'error', reason: error instanceof Error ? error.message : String(error) }, options.now()));
        },
      );
    }
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    apply(scheduler.start(options.now()));
    if (options.signal?.aborted === true) onCallerAbort();
  });
}

/**
 * Runs each job as one backend request of one sample: `requestOf(job)` says what to ask, and the job's
 * signal, token stream and token limit are wired in. Every flow that talks to a backend uses this.
 */
export function onBackend<R>(backend: Backend, requestOf: (job: Job<R>) => GenerateRequest) {
  return async (job: Job<R>, controls: JobControls): Promise<Sample> => {
    const request: GenerateRequest = {
      ...requestOf(job),
      n: 1,
      signal: controls.signal,
      onToken: (_index, token) => controls.onToken(token),
      ...(Number.isFinite(job.tokenLimit) && { maxTokens: job.tokenLimit }),
    };
    for await (const sample of backend.generate(request)) return sample;
    throw new BackendError(`backend ${backend.id} ended a request without yielding its sample`);
  };
}
