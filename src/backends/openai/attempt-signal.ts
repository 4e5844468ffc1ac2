/**
 * One signal for one HTTP attempt that fires on the caller's abort, a per-sample cancel, or the
 * attempt's timeout, and remembers which one it was (so a closed connection is reported correctly).
 */
export type AbortCause = 'abort' | 'cancel' | 'timeout';

export interface AttemptSignal {
  readonly signal: AbortSignal;
  why(): AbortCause | undefined;
  dispose(): void;
}

/** Waits `ms` unless `signal` aborts first (then it rejects). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export function attemptSignal(abort: AbortSignal, cancel: AbortSignal | undefined, timeoutMs: number, sleep: Sleep): AttemptSignal {
  const controller = new AbortController();
  const disposed = new AbortController();
  let cause: AbortCause | undefined;
  const fire = (why: AbortCause) => (): void => {
    cause ??= why;
    controller.abort();
  };
  const onAbort = fire('abort');
  const onCancel = fire('cancel');
  abort.addEventListener('abort', onAbort, { once: true });
  cancel?.addEventListener('abort', onCancel, { once: true });
  sleep(timeoutMs, disposed.signal).then(fire('timeout'), () => undefined);
  if (abort.aborted) onAbort();
  if (cancel?.aborted) onCancel();
  return {
    signal: controller.signal,
    why: () => cause,
    dispose() {
      disposed.abort();
      abort.removeEventListener('abort', onAbort);
      cancel?.removeEventListener('abort', onCancel);
    },
  };
}
