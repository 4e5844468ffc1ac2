/**
 * Simulated time for code that awaits: timers fire in (time, phase, key) order, and time jumps to the
 * next timer once everything runnable has run. A replay backend on a VirtualClock makes generations
 * take virtual time, so `solve()` itself can be timed exactly as evaluation's virtual driver times it.
 *
 * Phases order what happens at one instant: 0 tokens stream, 1 generations end, 2 cancelled
 * generations come back. `key` orders timers of one phase (launch order).
 */
export type Phase = 0 | 1 | 2;

interface Timer {
  at: number;
  phase: Phase;
  key: number;
  wake: (fired: boolean) => void;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualClock {
  private time = 0;
  private readonly timers = new Set<Timer>();

  /** The current virtual time. */
  readonly now = (): number => this.time;

  /**
   * Resolves `true` when virtual time reaches `at` (never earlier than now), or `false` as soon as
   * `signal` aborts, whichever comes first.
   */
  sleep(at: number, phase: Phase, key: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted === true) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const timer: Timer = {
        at: Math.max(at, this.time),
        phase,
        key,
        wake: (fired) => {
          this.timers.delete(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(fired);
        },
      };
      const onAbort = (): void => timer.wake(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.add(timer);
    });
  }

  /** Runs `work` to completion, advancing time whenever it is only waiting on this clock. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let settled = false;
    const result = work().finally(() => {
      settled = true;
    });
    result.catch(() => undefined); // handled by the caller once returned
    for (;;) {
      await turn();
      if (settled) return result;
      const next = this.earliest();
      if (next === undefined) throw new Error('VirtualClock: the work is waiting on something other than this clock');
      this.time = next.at;
      next.wake(true);
    }
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (best === undefined || t.at < best.at || (t.at === best.at && (t.phase < best.phase || (t.phase === best.phase && t.key < best.key)))) best = t;
    }
    return best;
  }
}
