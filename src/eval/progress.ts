/**
 * Progress for long evaluations. On a terminal a single redrawn bar; anywhere else (pipes, CI logs)
 * no redraws, only one plain line when the work ends, so logs stay readable.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Ends the bar (or prints the plain line) with a closing note. */
  finish(note: string): void;
}

const BAR_WIDTH = 24;
/** Redraw at most this often; a bar redrawn per question would cost more than the evaluation. */
const REDRAW_MS = 100;

export function createProgress(stream: ProgressStream, label: string, now: () => number = Date.now): Progress {
  const started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  const seconds = (): string => `${((now() - started) / 1000).toFixed(1)} s`;
  if (stream.isTTY !== true) {
    return { update: () => {}, finish: (note) => void stream.write(`${label}: ${note} in ${seconds()}\n`) };
  }
  return {
    update(done, total) {
      const t = now();
      if (t - lastDraw < REDRAW_MS && done < total) return;
      lastDraw = t;
      const filled = total > 0 ? Math.round((BAR_WIDTH * done) / total) : BAR_WIDTH;
      const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
      stream.write(`\r${label} [${bar}] ${done}/${total} ${seconds()}\u001b[K`);
    },
    finish: (note) => void stream.write(`\r${label}: ${note} in ${seconds()}\u001b[K\n`),
  };
}
