/**
 * Sends one JSON POST to the least busy replica and hands the response to `consume`, retrying with
 * backoff on 429, 5xx, timeouts and network errors. Each attempt holds a slot of the backend's
 * shared pool until its response has been consumed, and none while it waits to retry.
 */
import type { Pool } from '../../core/pool.js';
import { attemptSignal, type AbortCause } from './attempt-signal.js';
import { backoffDelayMs, retryAfterMs } from './backoff.js';
import { HttpFailure, statusFailure, thrownFailure } from './http-failure.js';
import type { ResolvedOptions } from './options.js';
import type { ReplicaSet } from './replica-set.js';

export interface Attempt {
  /** Full URL this attempt went to. */
  url: string;
  signal: AbortSignal;
  why(): AbortCause | undefined;
}

/** Reads a 2xx response. Throw an HttpFailure to retry (if it is retryable) or to fail with its error. */
export type Consume<T> = (response: Response, attempt: Attempt) => Promise<T>;

export interface HttpCall {
  path: string;
  body: Record<string, unknown>;
  /** The caller's abort for the whole request. */
  signal: AbortSignal;
  /** Stops just this call (one sample's stream). */
  cancel?: AbortSignal;
}

export class HttpClient {
  constructor(
    private readonly options: ResolvedOptions,
    private readonly replicas: ReplicaSet,
    private readonly pool: Pool,
  ) {}

  /** Resolves with what `consume` returned, or rejects with the typed error of the last attempt. */
  async post<T>(call: HttpCall, consume: Consume<T>): Promise<T> {
    const { maxRetries, retryBaseDelayMs, retryMaxDelayMs, maxRetryAfterMs, random, sleep } = this.options;
    for (let attempt = 1; ; attempt++) {
      let failure: HttpFailure;
      try {
        return await this.pool.run(() => this.attempt(call, consume), call.signal);
      } catch (error) {
        // AbortError from the pool (cancelled while queued) or a bug: not an attempt that failed.
        if (!(error instanceof HttpFailure)) throw error;
        failure = error;
      }
      const asked = failure.retryAfterMs;
      if (!failure.retryable || attempt > maxRetries || (asked !== undefined && asked > maxRetryAfterMs)) {
        throw failure.toError(attempt);
      }
      const delay = Math.max(asked ?? 0, backoffDelayMs(attempt - 1, retryBaseDelayMs, retryMaxDelayMs, random));
      await sleep(delay, call.signal);
    }
  }

  private async attempt<T>(call: HttpCall, consume: Consume<T>): Promise<T> {
    const { fetch, headers, apiKey, timeoutMs, now, sleep } = this.options;
    const replica = this.replicas.acquire();
    const url = replica.url + call.path;
    const signal = attemptSignal(call.signal, call.cancel, timeoutMs, sleep);
    const attempt: Attempt = { url, signal: signal.signal, why: signal.why };
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: call.body['stream'] === true ? 'text/event-stream' : 'application/json',
            ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
            ...headers,
          },
          body: JSON.stringify(call.body),
          signal: signal.signal,
        });
      } catch (error) {
        throw thrownFailure(error, signal.why(), url, timeoutMs);
      }
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        throw statusFailure(response.status, text, url, retryAfterMs(response.headers, now()));
      }
      const result = await consume(response, attempt).catch((error: unknown) => {
        throw error instanceof HttpFailure ? error : thrownFailure(error, signal.why(), url, timeoutMs);
      });
      this.replicas.markUp(replica);
      return result;
    } catch (error) {
      if (error instanceof HttpFailure && error.replicaFault) this.replicas.markDown(replica);
      throw error;
    } finally {
      signal.dispose();
      this.replicas.release(replica);
    }
  }
}
