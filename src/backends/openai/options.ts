/** Options of the OpenAI-compatible backend, their defaults, and their validation. */
import { InvalidInputError } from '../../core/errors.js';
import { sleep } from './backoff.js';

export interface OpenAIBackendOptions {
  /** Base URL of the API, ending in `/v1`, e.g. `http://127.0.0.1:8080/v1`. Give this or `baseURLs`. */
  baseURL?: string;
  /** Several replicas of the same model; requests go to the one with the fewest outstanding requests. */
  baseURLs?: string[];
  /** Model name sent with every request. */
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>`; omit for local servers. */
  apiKey?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Fields merged into every request body (e.g. `{ top_k: 40 }` for vLLM). */
  extraBody?: Record<string, unknown>;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** Most HTTP requests in flight at once, over all calls of this backend (default 8). */
  concurrency?: number;
  /** Milliseconds one attempt may take, including reading the whole response or stream (default 600 000). */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx, timeouts and network errors (default 3). */
  maxRetries?: number;
  /** First backoff delay; it doubles each retry, with jitter (default 500). */
  retryBaseDelayMs?: number;
  /** Largest backoff delay (default 20 000). */
  retryMaxDelayMs?: number;
  /** Give up at once when the server asks to wait longer than this in `retry-after` (default 60 000). */
  maxRetryAfterMs?: number;
  /** How long a failing replica is left out before it is tried again (default 30 000). */
  replicaCoolDownMs?: number;
  /** Force native `n` (true) or fan-out (false); default: detect on the first request with n > 1. */
  nativeN?: boolean;
  /** Most top alternatives per token the server allows (default 20, OpenAI's limit). */
  maxTopLogprobs?: number;
  /** Uniform [0, 1) source for backoff jitter (default `Math.random`). */
  random?: () => number;
  /** Clock for replica cool-downs and `retry-after` dates (default `Date.now`). */
  now?: () => number;
  /**
   * Waits before a retry and times each attempt out: resolves after `ms`, rejects when `signal` aborts
   * (default: a timer). Tests pass their own to decide when time passes.
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export type ResolvedOptions = Required<Omit<OpenAIBackendOptions, 'baseURL' | 'apiKey' | 'nativeN'>> &
  Pick<OpenAIBackendOptions, 'apiKey' | 'nativeN'>;

export function resolveOptions(options: OpenAIBackendOptions): ResolvedOptions {
  const urls = [...(options.baseURL === undefined ? [] : [options.baseURL]), ...(options.baseURLs ?? [])];
  if (urls.length === 0) {
    throw new InvalidInputError('the OpenAI backend needs `baseURL` (or `baseURLs`), e.g. "http://127.0.0.1:8080/v1"');
  }
  for (const url of urls) {
    if (!/^https?:\/\/[^/]/.test(url)) {
      throw new InvalidInputError(`baseURL "${url}" is not an http(s) URL; use e.g. "http://127.0.0.1:8080/v1"`);
    }
  }
  if (typeof options.model !== 'string' || options.model.length === 0) {
    throw new InvalidInputError('the OpenAI backend needs `model`: the model name the server expects');
  }
  const resolved: ResolvedOptions = {
    baseURLs: urls.map((url) => url.replace(/\/+$/, '')),
    model: options.model,
    headers: options.headers ?? {},
    extraBody: options.extraBody ?? {},
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    concurrency: options.concurrency ?? 8,
    timeoutMs: options.timeoutMs ?? 600_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
    retryMaxDelayMs: options.retryMaxDelayMs ?? 20_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    replicaCoolDownMs: options.replicaCoolDownMs ?? 30_000,
    maxTopLogprobs: options.maxTopLogprobs ?? 20,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? sleep,
  };
  if (options.apiKey !== undefined) resolved.apiKey = options.apiKey;
  if (options.nativeN !== undefined) resolved.nativeN = options.nativeN;
  const counts = { concurrency: 1, timeoutMs: 1, maxRetries: 0, retryBaseDelayMs: 0, retryMaxDelayMs: 0, maxRetryAfterMs: 0, replicaCoolDownMs: 0, maxTopLogprobs: 0 } as const;
  for (const [name, min] of Object.entries(counts)) {
    const value = resolved[name as keyof typeof counts];
    if (!Number.isInteger(value) || value < min) {
      throw new InvalidInputError(`OpenAI backend option \`${name}\` must be an integer ≥ ${min}, got ${String(value)}`);
    }
  }
  return resolved;
}
