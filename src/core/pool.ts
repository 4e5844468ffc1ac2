/**
 * A concurrency limit shared by many callers: at most `limit` tasks run at once, the rest wait in
 * arrival order. A waiting task whose signal aborts leaves the queue without ever running.
 */
import { AbortError, InvalidInputError } from './errors.js';

export interface Pool {
  readonly limit: number;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Waits for a slot and keeps it until the returned release is called (for work that is not one promise, e.g. a stream). */
  hold(signal?: AbortSignal): Promise<() => void>;
  /** A slot now if one is free (its release), else undefined: for work that can make do without one. */
  tryHold(): (() => void) | undefined;
}

export function createPool(limit: number): Pool {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidInputError(`concurrency limit must be a positive integer, got ${String(limit)}`);
  }
  let active = 0;
  const queue: Array<() => void> = [];

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(new AbortError('cancelled before it started'));
    if (active < limit) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        active++;
        resolve();
      };
      const onAbort = (): void => {
        const at = queue.indexOf(grant);
        if (at >= 0) queue.splice(at, 1);
        reject(new AbortError('cancelled while waiting for a free slot'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(grant);
    });
  };

  const release = (): void => {
    active--;
    queue.shift()?.();
  };

  const releaser = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  return {
    limit,
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async hold(signal) {
      await acquire(signal);
      return releaser();
    },
    tryHold() {
      if (active >= limit) return undefined;
      active++;
      return releaser();
    },
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
