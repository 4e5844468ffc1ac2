/**
 * Progress for long evaluations. On a terminal a single redrawn bar; anywhere else (pipes, CI logs)
 * no redraws, only one plain line when the work ends, so logs stay readable.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** `detail` is appended to the line (e.g. tokens/s and running accuracy while recording). */
  update(done: number, total: number, detail?: string): void;
  /** Ends the bar (or prints the plain line) with a closing note. */
  finish(note: string): void;
}

const BAR_WIDTH = 24;
/** Redraw at most this often; a bar redrawn per question would cost more than the evaluation. */
const REDRAW_MS = 100;

export interface ProgressOptions {
  /**
   * Off a terminal, also write a plain line each time another 1/plainLines of the work is done
   * (10 → every 10 %), for long runs whose CI logs should show they are alive. Default 0: only the end.
   */
  plainLines?: number;
}

export function createProgress(stream: ProgressStream, label: string, now: () => number = Date.now, options: ProgressOptions = {}): Progress {
  const started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  const seconds = (): string => `${((now() - started) / 1000).toFixed(1)} s`;
  const suffix = (done: number, total: number, detail: string | undefined): string =>
    `${done > 0 && done < total ? ` ETA ${formatEta(((now() - started) * (total - done)) / done)}` : ''}${detail ? ` ${detail}` : ''}`;
  if (stream.isTTY !== true) {
    const steps = options.plainLines ?? 0;
    let printedStep = 0;
    return {
      update(done, total, detail) {
        const step = total > 0 ? Math.floor((steps * done) / total) : 0;
        if (step <= printedStep || done >= total) return;
        printedStep = step;
        stream.write(`${label}: ${done}/${total} ${seconds()}${suffix(done, total, detail)}\n`);
      },
      finish: (note) => void stream.write(`${label}: ${note} in ${seconds()}\n`),
    };
  }
  return {
    update(done, total, detail) {
      const t = now();
      if (t - lastDraw < REDRAW_MS && done < total) return;
      lastDraw = t;
      const filled = total > 0 ? Math.round((BAR_WIDTH * done) / total) : BAR_WIDTH;
      const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
      stream.write(`\r${label} [${bar}] ${done}/${total} ${seconds()}${suffix(done, total, detail)}\u001b[K`);
    },
    finish: (note) => void stream.write(`\r${label}: ${note} in ${seconds()}\u001b[K\n`),
  };
}

/** 42 s, 3 m 05 s, 1 h 02 m. */
function formatEta(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} m ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(total / 3600)} h ${String(Math.floor(total / 60) % 60).padStart(2, '0')} m`;
}
