/**
 * One limit on upstream generations in flight, shared by every request of the server, with a bounded
 * queue. A request is admitted while a generation slot is free or the queue has room; otherwise it is
 * refused (429) with a `retry-after` estimated from how long generations have been taking. Once
 * admitted, a request's generations wait their turn and are never refused.
 */
import type { Backend } from '../backends/backend.js';
import { AbortError } from '../core/errors.js';
import { createPool } from '../core/pool.js';
import { emptyUsage } from '../core/usage.js';
import type { Sample } from '../core/types.js';
import { ServeError } from './errors.js';

export interface GenerationLimiter {
  readonly limit: number;
  readonly queueLimit: number;
  /** Upstream generations running now. */
  readonly inFlight: number;
  /** Generations waiting for a slot. */
  readonly waiting: number;
  /** Throws the 429 when a new request cannot be admitted. */
  admit(): void;
  /** The backend with every generation taking a slot of this limit while it runs. */
  limited(backend: Backend): Backend;
  /** Holds one slot for work that is not a backend call (a forwarded request), until release. */
  hold(signal: AbortSignal): Promise<() => void>;
}

export function createGenerationLimiter(limit: number, queueLimit: number, now: () => number = () => performance.now()): GenerationLimiter {
  const pool = createPool(limit);
  // Mean generation time, smoothed, for retry-after; starts at one second.
  let meanMs = 1000;
  const timed = async (signal: AbortSignal | undefined): Promise<() => void> => {
    const release = await pool.hold(signal);
    const started = now();
    return () => {
      meanMs = 0.9 * meanMs + 0.1 * (now() - started);
      release();
    };
  };
  return {
    limit,
    queueLimit,
    get inFlight() {
      return pool.active;
    },
    get waiting() {
      return pool.waiting;
    },
    admit() {
      if (pool.active < limit || pool.waiting < queueLimit) return;
      const seconds = Math.max(1, Math.ceil(((pool.waiting / limit + 1) * meanMs) / 1000));
      throw new ServeError(
        429,
        `quorum serve is at its limit of ${limit} upstream generations in flight with ${pool.waiting} waiting; retry after ${seconds} s`,
        'rate_limit_error',
        'rate_limit_exceeded',
        null,
        { 'retry-after': String(seconds) },
      );
    },
    limited(backend) {
      return {
        id: backend.id,
        capabilities: backend.capabilities,
        async *generate(request): AsyncGenerator<Sample> {
          let release: () => void;
          try {
            release = await timed(request.signal);
          } catch (error) {
            // Cancelled while queued: like any backend, say so with aborted samples rather than failing the request.
            if (!(error instanceof AbortError)) throw error;
            for (let index = 0; index < request.n; index++) yield { index, text: '', tokens: 0, finishReason: 'aborted', status: 'aborted', error, usage: emptyUsage() };
            return;
          }
          try {
            yield* backend.generate(request);
          } finally {
            release();
          }
        },
      };
    },
    hold: timed,
  };
}
