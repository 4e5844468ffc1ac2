/**
 * One base class and one subclass per failure a user can meet. Each has a literal `name`, keeps its
 * `cause`, and says in its message what was wrong and what to do.
 */
const QUORUM_ERROR = Symbol.for('quorum.error');

export class QuorumError extends Error {
  override readonly name: string = 'QuorumError';
  readonly [QUORUM_ERROR] = true;

  /**
   * `instanceof QuorumError` holds for a quorum error from any copy of this module: the bundled CLI
   * and the published library each have one, and a user's module that imports `quorum` throws the
   * library's. Subclasses keep the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== QuorumError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[QUORUM_ERROR] === true;
  }
}

/** Bad input at the edge: a malformed option, file or request. */
export class InvalidInputError extends QuorumError {
  override readonly name = 'InvalidInputError' as const;
}

/** A file could not be read or parsed; names the file and line. */
export class FileFormatError extends QuorumError {
  override readonly name = 'FileFormatError' as const;
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    /** What was wrong, without the file and line. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`, options);
  }
}

/** A backend (server or embedded model) failed; carries the HTTP status and server message when there was one. */
export class BackendError extends QuorumError {
  override readonly name: string = 'BackendError';
  constructor(
    message: string,
    readonly details: { status?: number; serverMessage?: string; retryable?: boolean } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server said we sent too many requests (HTTP 429) and retries ran out. */
export class RateLimitError extends BackendError {
  override readonly name = 'RateLimitError' as const;
}

/** A request took longer than its timeout. */
export class TimeoutError extends BackendError {
  override readonly name = 'TimeoutError' as const;
}

/** The server's response could not be understood (invalid JSON, a cut stream, a missing field). */
export class InvalidResponseError extends BackendError {
  override readonly name = 'InvalidResponseError' as const;
}

/** The caller cancelled the work through its AbortSignal. */
export class AbortError extends QuorumError {
  override readonly name = 'AbortError' as const;
}

/** A model file or reference could not be loaded or downloaded. */
export class ModelLoadError extends QuorumError {
  override readonly name = 'ModelLoadError' as const;
}

/** A name (strategy, stop rule, dataset, answer kind) that is not registered. */
export class UnknownNameError extends QuorumError {
  override readonly name = 'UnknownNameError' as const;
  constructor(
    readonly kind: string,
    readonly requested: string,
    readonly known: readonly string[],
  ) {
    super(`unknown ${kind} "${requested}"; choose one of: ${known.join(', ')}`);
  }
}
