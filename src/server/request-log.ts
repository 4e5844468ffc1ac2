/**
 * One JSON line per request: who (request id), what quorum did (strategy, stop rule, samples, tokens,
 * the tokens a fixed-N run would have used, decision latency, abstention) and how it ended. Prompt
 * text only with --log-prompts; API keys never.
 */
import type { SolveResult } from '../engine/solve.js';
import { sampleOutcomes } from '../engine/decision-samples.js';
import type { ServeError } from './errors.js';

export interface RequestLogEntry {
  time: string;
  id: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  mode?: 'quorum' | 'passthrough';
  model?: string;
  stream?: boolean;
  strategy?: string;
  stop_rule?: string | null;
  stop?: { rule: string; reason: string };
  samples?: { used: number; no_answer: number; failed: number; cancelled: number; total: number; max: number };
  tokens?: { prompt: number; completion: number };
  /**
   * Completion tokens a run drawing all `max` samples would have used: the mean of the samples that
   * finished times `max` (an estimate; exact when every sample was drawn).
   */
  fixed_n_tokens_estimate?: number;
  decision_ms?: number;
  abstained?: boolean;
  error?: { code: string | null; message: string };
  prompt?: unknown;
}

/** The quorum part of a log entry, from a finished solve. */
export function decisionLogFields(result: SolveResult, maxSamples: number, stopRuleName: string | undefined): Partial<RequestLogEntry> {
  const outcomes = sampleOutcomes(result);
  const finished = result.samples.filter((s) => s.status === 'ok');
  const meanTokens = finished.length === 0 ? 0 : finished.reduce((sum, s) => sum + s.tokens, 0) / finished.length;
  const allDrawn = result.samples.length === maxSamples && outcomes.cancelled === 0;
  return {
    strategy: result.strategy,
    stop_rule: stopRuleName ?? null,
    ...(result.stop !== undefined && { stop: result.stop }),
    samples: { used: outcomes.usable, no_answer: outcomes.noAnswer, failed: outcomes.failed, cancelled: outcomes.cancelled, total: outcomes.total, max: maxSamples },
    tokens: { prompt: result.usage.promptTokens, completion: result.usage.completionTokens },
    fixed_n_tokens_estimate: allDrawn ? result.usage.completionTokens : Math.round(meanTokens * maxSamples),
    decision_ms: Math.round(result.elapsedMs),
    abstained: result.abstained,
  };
}

export const errorLogFields = (error: ServeError): Partial<RequestLogEntry> => ({ error: { code: error.code, message: error.message } });
