/**
 * Everything one request owns and nothing else: its id, its abort (client gone, timeout, shutdown:
 * one signal that reaches every upstream generation of the request), its log entry, and when its
 * response has really ended (for a stream, after the last byte).
 */
import type { RequestLogEntry } from './request-log.js';
import type { Timer } from './timer.js';

export type AbortCause = 'client' | 'timeout' | 'shutdown';

const CAUSE_TEXT: Record<AbortCause, string> = {
  client: 'the client closed the connection',
  timeout: 'the request timed out',
  shutdown: 'the server is shutting down',
};

export class RequestState {
  private readonly controller = new AbortController();
  private stopTimer: () => void = () => undefined;
  private endResponse: () => void = () => undefined;
  /** Resolves when the response has been sent in full (or abandoned). */
  readonly ended: Promise<void>;
  cause: AbortCause | undefined;
  /** Set by a handler whose response goes on after it returns (a stream); it then calls end() itself. */
  endsLater = false;
  readonly log: Partial<RequestLogEntry> = {};

  constructor(
    readonly id: string,
    readonly startedAt: number,
    clientSignal: AbortSignal,
  ) {
    this.ended = new Promise<void>((resolve) => {
      this.endResponse = resolve;
    });
    if (clientSignal.aborted) this.abort('client');
    else clientSignal.addEventListener('abort', () => this.abort('client'), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** What cancelled the request, as a stop reason for the response. */
  get causeText(): string | undefined {
    return this.cause === undefined ? undefined : CAUSE_TEXT[this.cause];
  }

  startTimeout(timer: Timer, ms: number): void {
    this.stopTimer = timer(ms, () => this.abort('timeout'));
  }

  abort(cause: AbortCause): void {
    if (this.cause !== undefined) return;
    this.cause = cause;
    this.controller.abort(new Error(CAUSE_TEXT[cause]));
  }

  end(): void {
    this.stopTimer();
    this.endResponse();
  }
}
