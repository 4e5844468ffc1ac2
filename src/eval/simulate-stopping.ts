/**
 * Stopping on recorded samples with simulated time. Generation time is proportional to tokens: a
 * generation of T tokens takes T token-time units. At concurrency c, c generations run side by side;
 * when one finishes the rule is checked; when it fires, the ones still running are cancelled and cost
 * the tokens generated so far. Latency is the token-time at which the question is decided.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import { InvalidInputError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import type { StopRule, StopState } from '../stopping/stop-rule.js';
import { tallyVotes } from '../strategies/vote-table.js';

export interface SimulationOptions {
  /** Recorded samples in the order they would be requested; `tokens` sets each one's duration. */
  pool: readonly Sample[];
  rule: StopRule;
  answers: AnswerKind;
  concurrency: number;
  /** Default: the whole pool. */
  maxSamples?: number;
  maxTokens?: number;
}

export interface SimulationResult {
  /** Majority over the usable finished samples (ties: earliest finished), null when none. */
  answer: string | null;
  /** Tokens generated, including partial tokens of cancelled generations. */
  tokens: number;
  /** Token-time from the first request to the decision. */
  latency: number;
  started: number;
  /** Finished samples (cancelled ones included, status 'aborted'), in finishing order; `index` is the start order. */
  samples: Sample[];
  reason: string;
}

interface Running {
  ordinal: number;
  start: number;
  recorded: Sample;
}

/** The recorded sample as it finished: whole, or cancelled after `tokens` (then it never votes). */
function finished(ordinal: number, recorded: Sample, tokens: number): Sample {
  if (tokens >= recorded.tokens) return { ...recorded, index: ordinal };
  const { logprobs, ...rest } = recorded;
  return {
    ...rest,
    index: ordinal,
    answer: null,
    tokens,
    finishReason: 'aborted',
    status: 'aborted',
    usage: { ...recorded.usage, completionTokens: tokens },
    ...(logprobs ? { logprobs: logprobs.slice(0, tokens) } : {}),
  };
}

/** Throws when the rule cannot run on recorded samples (it needs a live token stream). */
export function checkSimulable(rule: StopRule): void {
  if (rule.needsTopLogprobs !== undefined) {
    throw new InvalidInputError(`stop rule ${rule.name} needs streamed top-k logprobs, which recorded samples do not have; run it live`);
  }
}

export function simulateStopping(options: SimulationOptions): SimulationResult {
  const { pool, rule, answers, concurrency } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidInputError(`concurrency must be a positive integer, got ${String(concurrency)}`);
  checkSimulable(rule);
  const maxSamples = Math.min(options.maxSamples ?? pool.length, rule.maxSamples ?? Infinity, pool.length);
  const maxTokens = options.maxTokens ?? Infinity;
  const session = rule.begin();
  const samples: Sample[] = [];
  let running: Running[] = [];
  let time = 0;
  let done = 0; // tokens of finished generations
  let started = 0;
  let reason = '';
  const state = (): StopState => ({ samples, maxSamples, answerKind: answers, inFlight: running.length });
  const committed = (): number => done + running.reduce((sum, r) => sum + (time - r.start), 0);
  const cancelRunning = (): void => {
    for (const r of running) {
      done += time - r.start;
      samples.push(finished(r.ordinal, r.recorded, time - r.start));
    }
    running = [];
  };

  for (;;) {
    while (running.length < concurrency && started < maxSamples && committed() < maxTokens) {
      running.push({ ordinal: started, start: time, recorded: pool[started] as Sample });
      started++;
    }
    if (running.length === 0) {
      reason = started >= maxSamples ? `budget: ${maxSamples} samples` : `budget: ${maxTokens} tokens`;
      break;
    }
    const cap = session.lengthCap?.(state()) ?? Infinity;
    // The next event: a generation finishing or reaching the cap, or the token budget running out.
    let next = running[0] as Running;
    let nextAt = Infinity;
    for (const r of running) {
      const at = r.start + Math.min(r.recorded.tokens, Math.max(cap, time - r.start));
      if (at < nextAt) [next, nextAt] = [r, at];
    }
    const budgetAt = time + (maxTokens - committed()) / running.length;
    if (budgetAt < nextAt) {
      time = budgetAt;
      cancelRunning();
      reason = `budget: ${maxTokens} tokens`;
      break;
    }
    time = nextAt;
    running = running.filter((r) => r !== next);
    const length = time - next.start;
    done += length;
    samples.push(finished(next.ordinal, next.recorded, length));
    const verdict = session.check(state());
    if (verdict.stop) {
      cancelRunning();
      reason = verdict.reason;
      break;
    }
  }
  session.end?.(samples, answers);
  return { answer: tallyVotes(samples, answers)[0]?.answer ?? null, tokens: done, latency: time, started, samples, reason };
}
