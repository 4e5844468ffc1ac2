/** A promise and the function that resolves it, for tests that decide when something happens. */
export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function deferred(): Deferred {
  let resolve: (() => void) | undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve: () => resolve?.() };
}

/** Never resolves; rejects when `signal` aborts (an injected timer that only ends when its owner is done). */
export const untilAborted = (signal: AbortSignal): Promise<void> =>
  new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('disposed')), { once: true }));
