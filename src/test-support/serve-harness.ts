/**
 * A real `quorum serve` on 127.0.0.1 (random port) over a given upstream, for tests: the app with the
 * settings a test overrides, its log lines collected, and a manual timer so request timeouts and
 * drain deadlines fire when the test says, never after a real wait.
 */
import { createServeApp, type ServeApp, type ServeAppOptions } from '../server/app.js';
import { listen, type ListeningServer } from '../server/server.js';
import type { Timer } from '../server/timer.js';
import type { Upstream } from '../server/upstream.js';

export interface ManualTimer {
  timer: Timer;
  /** Timers scheduled and not cancelled or fired, with their delay. */
  readonly pending: { ms: number; fire: () => void }[];
  /** Fires every pending timer scheduled with this delay. */
  fire(ms: number): number;
}

export function manualTimer(): ManualTimer {
  const pending: { ms: number; fire: () => void }[] = [];
  return {
    pending,
    timer: (ms, fire) => {
      const entry = { ms, fire };
      pending.push(entry);
      return () => {
        const at = pending.indexOf(entry);
        if (at >= 0) pending.splice(at, 1);
      };
    },
    fire(ms) {
      const due = pending.filter((p) => p.ms === ms);
      for (const p of due) {
        pending.splice(pending.indexOf(p), 1);
        p.fire();
      }
      return due.length;
    },
  };
}

export interface TestServe {
  /** e.g. `http://127.0.0.1:41234/v1`, for OpenAI clients. */
  baseURL: string;
  app: ServeApp;
  server: ListeningServer;
  logs: Record<string, unknown>[];
  timer: ManualTimer;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export const REQUEST_TIMEOUT_MS = 300_000;
export const DRAIN_MS = 30_000;

export async function startTestServe(upstream: Upstream, overrides: Partial<ServeAppOptions> = {}): Promise<TestServe> {
  const logs: Record<string, unknown>[] = [];
  const timer = manualTimer();
  const app = createServeApp({
    upstream,
    defaults: { strategy: 'majority', stop: undefined, samples: 4, answer: 'math', abstainBelow: undefined, concurrency: undefined, passthrough: false, progress: 'comments' },
    limits: { maxSamples: 32, maxTotalTokens: 16_384, maxConcurrency: 16 },
    sampling: { temperature: 0.8, topP: 1, maxTokens: 96 },
    abstention: { mode: 'best', refusalText: 'I do not know.' },
    maxInFlight: 8,
    queue: 64,
    apiKeys: [],
    maxBodyBytes: 64 * 1024,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    logPrompts: false,
    log: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    timer: timer.timer,
    ...overrides,
  });
  const server = await listen(app, '127.0.0.1', 0, timer.timer);
  return {
    baseURL: `${server.url}/v1`,
    app,
    server,
    logs,
    timer,
    post: (path, body, headers = {}) =>
      fetch(`${server.url}/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    async close() {
      const stopping = server.shutdown(DRAIN_MS);
      timer.fire(DRAIN_MS);
      await stopping;
      await upstream.close();
    },
  };
}
