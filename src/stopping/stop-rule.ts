/**
 * A stop rule looks at the samples finished so far and says whether more are worth drawing.
 *
 * A rule is made once per run and opens a fresh session per question (`begin`), so per-question state
 * (a DeepConf threshold) lives in the session while what a rule learns across the questions of a run (a
 * prior on agreement) lives in the rule and is updated when a session ends.
 */
import type { GeneratedToken, Sample } from '../core/types.js';
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Counts } from './vote-counts.js';

export interface StopState {
  /** Finished samples (any status), in finishing order. */
  samples: readonly Sample[];
  /** The most samples the budget allows. */
  maxSamples: number;
  answerKind: AnswerKind;
  /** The votes of `samples`: class sizes, largest first, and the leader. */
  votes: Counts;
  /** Generations started and not yet finished. */
  inFlight: number;
}

export type StopVerdict = { stop: false } | { stop: true; reason: string };

/** Sees each streamed token of one generation; `'cancel'` stops that generation (it never votes). */
export type TokenWatcher = (token: GeneratedToken) => 'cancel' | void;

export interface StopSession {
  /** Called after every finished sample. */
  check(state: StopState): StopVerdict;
  /**
   * The most tokens a running generation may reach given what has finished; one that grows past it is
   * cancelled and never votes. Undefined = no cap. Re-read after every finished sample.
   */
  lengthCap?(state: StopState): number | undefined;
  /** A watcher for the `ordinal`-th started generation (0-based), or undefined to leave it alone. */
  watch?(ordinal: number): TokenWatcher | undefined;
  /** The question is decided with these samples; rules that learn across a run learn here. */
  end?(samples: readonly Sample[], answers: AnswerKind): void;
}

export interface StopRule {
  /** Name with its parameters, e.g. `beta(0.95)`, as recorded in `Decision.stop.rule`. */
  readonly name: string;
  /** The rule never needs more than this many samples (the engine starts no more). */
  readonly maxSamples?: number;
  /** Streamed top-k logprobs the rule needs (DeepConf online); the engine asks the backend for them. */
  readonly needsTopLogprobs?: number;
  begin(): StopSession;
}

/** A rule without per-question state: just a check. */
export function statelessRule(name: string, check: (state: StopState) => StopVerdict, maxSamples?: number): StopRule {
  const session: StopSession = { check };
  return maxSamples === undefined
    ? { name, begin: () => session }
    : { name, maxSamples, begin: () => session };
}

export const keepGoing: StopVerdict = { stop: false };
