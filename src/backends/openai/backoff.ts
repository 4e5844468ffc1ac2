/** How long to wait before a retry: exponential backoff with jitter, or what the server asked for. */
import { AbortError } from '../../core/errors.js';

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out but never collapse to 0. */
export function backoffDelayMs(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retry);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * The wait the server asked for, in ms: `retry-after-ms` (OpenAI), else `retry-after` as seconds or
 * as an HTTP date. `undefined` when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AbortError('cancelled while waiting to retry'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError('cancelled while waiting to retry'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
