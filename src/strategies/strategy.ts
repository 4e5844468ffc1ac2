/**
 * A strategy turns samples into a Decision. Pure strategies only look at the samples; those that ask
 * the model again (USC, GSA, P(True)) do so only through the backend in their context.
 */
import type { Backend } from '../backends/backend.js';
import type { Decision, Prompt, Sample } from '../core/types.js';
import type { AnswerKind } from '../answers/answer-kind.js';

export interface StrategyContext {
  /** How answers are compared when grouping votes. */
  answerKind: AnswerKind;
  /** Seed for any random choice the strategy makes. */
  seed: number;
  /** The question, for strategies that prompt the model again. */
  prompt?: Prompt;
  /** The backend to use for extra model calls. */
  backend?: Backend;
  signal?: AbortSignal;
}

/** Per-sample information a strategy needs beyond answers (logprobs, top-k, a score). */
export interface SampleNeed {
  /** What is needed, for messages: e.g. "per-token logprobs". */
  description: string;
  has(sample: Sample): boolean;
}

export interface Strategy {
  readonly name: string;
  /** Whether the strategy makes extra model calls (needs `prompt` and `backend` in its context). */
  readonly callsModel: boolean;
  /** Set when the strategy cannot decide from answers alone; it throws when no usable sample has it. */
  readonly needs?: SampleNeed;
  aggregate(samples: readonly Sample[], context: StrategyContext): Decision | Promise<Decision>;
}
