/**
 * The flow of self-consistency: draw samples of one question, ask the stop rule after each finished
 * one, cap running generations as the rule says. `solve()` runs it live; evaluation runs it on
 * recorded samples; only `request(ordinal)` differs.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Sample, StopInfo } from '../core/types.js';
import type { StopRule, StopSession, StopState } from '../stopping/stop-rule.js';
import { VoteCounter } from '../stopping/vote-counts.js';
import { isUsable, tallyVotes } from '../strategies/vote-table.js';
import type { SolveEvent } from './events.js';
import type { FinishContext, Flow, Job, JobSpec } from './scheduler.js';

export interface SamplingFlowOptions<R> {
  answerKind: AnswerKind;
  /** Most samples to draw (the rule may lower it). */
  maxSamples: number;
  stopRule?: StopRule | undefined;
  /** The request for the `ordinal`-th sample (0-based). */
  request: (ordinal: number) => R;
  /** Most tokens per sample. */
  maxTokens?: number | undefined;
  onEvent?: ((event: SolveEvent) => void) | undefined;
}

export interface SampleRequest<R> {
  ordinal: number;
  request: R;
}

export interface SamplingFlow<R> extends Flow<SampleRequest<R>> {
  /** Every ended sample (cancelled and failed ones included) in ending order; `index` is its ordinal. */
  readonly samples: Sample[];
  /** The question is decided: rules that learn across a run learn here. */
  close(): void;
}

export function samplingFlow<R>(options: SamplingFlowOptions<R>): SamplingFlow<R> {
  const { answerKind, stopRule, onEvent } = options;
  const limit = Math.min(options.maxSamples, stopRule?.maxSamples ?? Infinity);
  const session: StopSession | undefined = stopRule?.begin();
  const name = stopRule?.name ?? 'none';
  const samples: Sample[] = [];
  let launched = 0;
  let inFlight = 0;
  const votes = new VoteCounter(answerKind);
  const state = (): StopState => ({
    samples,
    maxSamples: limit,
    answerKind,
    get votes() {
      return votes.counts;
    },
    inFlight,
  });
  let cap = session?.lengthCap?.(state());

  return {
    name,
    samples,
    next(): JobSpec<SampleRequest<R>> | undefined {
      if (launched >= limit) return undefined;
      const ordinal = launched++;
      return { stage: 'sample', request: { ordinal, request: options.request(ordinal) }, maxTokens: options.maxTokens };
    },
    finished(job: Job<SampleRequest<R>>, ended: Sample, context: FinishContext): StopInfo | undefined {
      const sample: Sample = { ...ended, index: job.request.ordinal, latencyMs: context.now - job.startedAt };
      if (sample.status === 'ok' && sample.answer === undefined) sample.answer = answerKind.extract(sample.text);
      samples.push(sample);
      votes.add(sample);
      onEvent?.({ type: 'sample', sample });
      if (isUsable(sample, answerKind)) onEvent?.({ type: 'votes', votes: tallyVotes(samples, answerKind) });
      if (context.stopping || session === undefined) return undefined;
      inFlight = context.inFlight;
      const verdict = session.check(state());
      if (verdict.stop) return { rule: name, reason: verdict.reason };
      cap = session.lengthCap?.(state());
      return undefined;
    },
    exhausted: () => ({ rule: name, reason: `budget: ${limit} samples` }),
    tokenCap: () => cap,
    watcher: (job) => session?.watch?.(job.request.ordinal),
    close: () => session?.end?.(samples, answerKind),
  };
}
