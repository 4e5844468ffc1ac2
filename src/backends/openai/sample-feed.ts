/**
 * Collects samples from concurrent tasks and yields them in the order they finish. A task may add
 * further tasks before it ends (e.g. fan-out after a server turned `n` down).
 */
import type { Sample } from '../../core/types.js';

export class SampleFeed {
  private readonly ready: Sample[] = [];
  private pending = 0;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  add(task: Promise<Sample[]>): void {
    this.pending++;
    task
      .then(
        (samples) => void this.ready.push(...samples),
        (error: unknown) => void (this.failure ??= { error }),
      )
      .finally(() => {
        this.pending--;
        this.wake?.();
      });
  }

  async *drain(): AsyncGenerator<Sample> {
    for (;;) {
      const next = this.ready.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.pending === 0) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
