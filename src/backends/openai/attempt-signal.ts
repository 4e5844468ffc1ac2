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

export function attemptSignal(abort: AbortSignal, cancel: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let cause: AbortCause | undefined;
  const fire = (why: AbortCause) => (): void => {
    cause ??= why;
    controller.abort();
  };
  const onAbort = fire('abort');
  const onCancel = fire('cancel');
  abort.addEventListener('abort', onAbort, { once: true });
  cancel?.addEventListener('abort', onCancel, { once: true });
  const timer = setTimeout(fire('timeout'), timeoutMs);
  if (abort.aborted) onAbort();
  if (cancel?.aborted) onCancel();
  return {
    signal: controller.signal,
    why: () => cause,
    dispose() {
      clearTimeout(timer);
      abort.removeEventListener('abort', onAbort);
      cancel?.removeEventListener('abort', onCancel);
    },
  };
}
