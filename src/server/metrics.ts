/**
 * `GET /metrics` in Prometheus text format (prom-client, one registry per server so tests and
 * several servers in one process do not share counters). Counters are fed from the request log
 * entries, so the log and the metrics cannot disagree.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GenerationLimiter } from './generation-limit.js';
import type { RequestLogEntry } from './request-log.js';

export interface ServeMetrics {
  readonly registry: Registry;
  observe(entry: RequestLogEntry): void;
}

export function createMetrics(limiter: GenerationLimiter, requestsInFlight: () => number): ServeMetrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({ name: 'quorum_requests_total', help: 'Requests answered, by path, mode and HTTP status', labelNames: ['path', 'mode', 'status'], registers });
  const duration = new Histogram({
    name: 'quorum_request_duration_seconds',
    help: 'Time from request to the end of the response, by mode',
    labelNames: ['mode'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers,
  });
  const samples = new Counter({ name: 'quorum_samples_total', help: 'Samples drawn in quorum mode, by outcome', labelNames: ['outcome'], registers });
  const tokens = new Counter({ name: 'quorum_upstream_tokens_total', help: 'Upstream tokens over every call of quorum-mode requests', labelNames: ['kind'], registers });
  const fixedN = new Counter({ name: 'quorum_fixed_n_tokens_estimate_total', help: 'Completion tokens the same requests would have used drawing every sample', registers });
  const abstentions = new Counter({ name: 'quorum_abstentions_total', help: 'Quorum-mode decisions that abstained', registers });
  const gauge = (name: string, help: string, read: () => number): void =>
    registry.registerMetric(new Gauge({ name, help, registers: [], collect() { this.set(read()); } }));
  gauge('quorum_upstream_generations_in_flight', 'Upstream generations running now', () => limiter.inFlight);
  gauge('quorum_upstream_generations_waiting', 'Upstream generations waiting for a slot', () => limiter.waiting);
  gauge('quorum_requests_in_flight', 'Requests being answered now', requestsInFlight);
  return {
    registry,
    observe(entry) {
      const mode = entry.mode ?? 'none';
      requests.inc({ path: entry.path, mode, status: String(entry.status) });
      duration.observe({ mode }, entry.latency_ms / 1000);
      if (entry.samples !== undefined) {
        samples.inc({ outcome: 'used' }, entry.samples.used);
        samples.inc({ outcome: 'no_answer' }, entry.samples.no_answer);
        samples.inc({ outcome: 'failed' }, entry.samples.failed);
        samples.inc({ outcome: 'cancelled' }, entry.samples.cancelled);
      }
      if (entry.tokens !== undefined) {
        tokens.inc({ kind: 'prompt' }, entry.tokens.prompt);
        tokens.inc({ kind: 'completion' }, entry.tokens.completion);
      }
      if (entry.fixed_n_tokens_estimate !== undefined) fixedN.inc(entry.fixed_n_tokens_estimate);
      if (entry.abstained === true) abstentions.inc();
    },
  };
}
