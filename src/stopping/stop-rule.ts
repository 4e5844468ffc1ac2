/**
 * A stop rule looks at the samples finished so far and says whether more are worth drawing.
 */
import type { Sample } from '../core/types.js';
import type { AnswerKind } from '../answers/answer-kind.js';

export interface StopState {
  /** Finished samples (any status), in finishing order. */
  samples: readonly Sample[];
  /** The most samples the budget allows. */
  maxSamples: number;
  answers: AnswerKind;
}

export type StopVerdict = { stop: false } | { stop: true; reason: string };

export interface StopRule {
  readonly name: string;
  check(state: StopState): StopVerdict;
}
