/**
 * One failed attempt at an HTTP call, classified: can it be retried, did the server ask for a wait,
 * should the replica be left out. `toError(attempts)` makes the typed error a user finally sees.
 */
import { AbortError, BackendError, InvalidResponseError, RateLimitError, TimeoutError, type QuorumError } from '../../core/errors.js';

export class HttpFailure {
  constructor(
    readonly toError: (attempts: number) => QuorumError,
    readonly retryable: boolean,
    readonly replicaFault: boolean,
    readonly retryAfterMs?: number,
  ) {}
}

const attemptsText = (attempts: number): string => (attempts === 1 ? '' : ` (${attempts} attempts)`);

/** The server's own message from an error body: `{error: {message}}`, `{error: "..."}`, `{message}`, or the raw text. */
export function serverMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const candidate = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.message ?? json.detail);
    if (typeof candidate === 'string') return candidate;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 500);
}

/** A non-2xx response. */
export function statusFailure(status: number, body: string, url: string, retryAfterMs: number | undefined): HttpFailure {
  const message = serverMessage(body);
  const said = message ? `: ${message}` : '';
  const details = { status, serverMessage: message };
  if (status === 429) {
    return new HttpFailure(
      (n) => new RateLimitError(`${url} is rate-limiting requests (HTTP 429)${attemptsText(n)}${said}. Lower the backend's \`concurrency\`, raise \`maxRetries\`, or try again later.`, { ...details, retryable: true }),
      true,
      false,
      retryAfterMs,
    );
  }
  if (status >= 500 || status === 408) {
    return new HttpFailure(
      (n) => new BackendError(`${url} failed with HTTP ${status}${attemptsText(n)}${said}. The server is failing; check its logs, or add replicas with \`baseURLs\`.`, { ...details, retryable: true }),
      true,
      status >= 500,
      retryAfterMs,
    );
  }
  const advice =
    status === 401 || status === 403
      ? 'Check `apiKey` (and `headers`).'
      : status === 404
        ? 'Check `baseURL` (it usually ends in /v1) and `model`.'
        : 'Fix the request options named in the message.';
  return new HttpFailure((n) => new BackendError(`${url} rejected the request with HTTP ${status}${attemptsText(n)}${said}. ${advice}`, { ...details, retryable: false }), false, false);
}

/** `fetch` (or reading a body) threw: a timeout, the caller's abort, or a network error. */
export function thrownFailure(error: unknown, why: 'timeout' | 'abort' | 'cancel' | undefined, url: string, timeoutMs: number): HttpFailure {
  if (why === 'abort' || why === 'cancel') {
    return new HttpFailure(() => new AbortError('the request was cancelled', { cause: error }), false, false);
  }
  if (why === 'timeout') {
    return new HttpFailure(
      (n) => new TimeoutError(`${url} did not answer within ${timeoutMs} ms${attemptsText(n)}. Raise \`timeoutMs\` or lower \`maxTokens\`.`, { retryable: true }, { cause: error }),
      true,
      false,
    );
  }
  const cause = describeCause(error);
  return new HttpFailure(
    (n) => new BackendError(`could not reach ${url}${attemptsText(n)}: ${cause}. Is the server running at that address?`, { retryable: true }, { cause: error }),
    true,
    true,
  );
}

/** A 2xx response whose body is not what the API promises; retrying would not help. */
export function invalidResponse(url: string, problem: string): HttpFailure {
  return new HttpFailure(
    () => new InvalidResponseError(`${url} sent a response that is not valid OpenAI JSON: ${problem}. Check that the URL points at an OpenAI-compatible API.`),
    false,
    false,
  );
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
