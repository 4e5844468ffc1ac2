/**
 * Every failure a client of `quorum serve` can see, as OpenAI's error shape
 * (`{"error": {"message", "type", "param", "code"}}`) with its HTTP status, so OpenAI clients raise
 * their typed errors (`BadRequestError`, `AuthenticationError`, `RateLimitError`…). Upstream messages
 * are passed on; upstream URLs are not (they stay in the server log).
 */
import { AbortError, BackendError, InvalidInputError, InvalidResponseError, QuorumError, TimeoutError, UnknownNameError } from '../core/errors.js';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class ServeError extends QuorumError {
  override readonly name = 'ServeError' as const;
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null): ServeError =>
  new ServeError(400, message, 'invalid_request_error', code, param);

/** What the upstream said, without where it is. */
function upstreamSaid(error: BackendError): string {
  const { status, serverMessage } = error.details;
  if (status === undefined) {
    if (error instanceof TimeoutError) return 'the upstream did not answer in time';
    if (error instanceof InvalidResponseError) return 'the upstream response broke off or was not valid OpenAI JSON';
    return 'the upstream could not be reached';
  }
  return `the upstream answered HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`;
}

/**
 * The error a client sees for any failure: request mistakes are 400s, an upstream that timed out is
 * 504, any other upstream failure 502 (its 400 and 404 pass on as the client's own mistakes), and
 * anything unexpected a 500 that says to look in the server log.
 */
export function toServeError(error: unknown, param: string | null = null): ServeError {
  if (error instanceof ServeError) return error;
  if (error instanceof InvalidInputError || error instanceof UnknownNameError) return badRequest(error.message, param);
  if (error instanceof TimeoutError) return new ServeError(504, upstreamSaid(error), 'upstream_error', 'upstream_timeout', null, {}, { cause: error });
  if (error instanceof BackendError) {
    const status = error.details.status;
    if (status === 400) return new ServeError(400, upstreamSaid(error), 'invalid_request_error', 'upstream_rejected', null, {}, { cause: error });
    if (status === 404) return new ServeError(404, upstreamSaid(error), 'invalid_request_error', 'model_not_found', 'model', {}, { cause: error });
    return new ServeError(502, upstreamSaid(error), 'upstream_error', 'upstream_failed', null, {}, { cause: error });
  }
  if (error instanceof AbortError) return new ServeError(499, 'the request was cancelled', 'invalid_request_error', 'cancelled', null, {}, { cause: error });
  return new ServeError(500, 'internal error in quorum serve; the server log has the details', 'server_error', 'internal_error', null, {}, { cause: error });
}
