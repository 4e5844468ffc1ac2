/**
 * A signal's value for each sample, for strategies that rank or weigh by one. Samples without the
 * signal get undefined (they rank last and weigh nothing); if no usable sample has it at all, the
 * samples cannot support the strategy and that is an input error, not a silent fallback.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import { InvalidInputError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import { getSignal, type SignalName } from '../signals/registry.js';
import { checksUsage } from '../signals/verifier-score.js';
import type { Usage } from '../core/types.js';
import type { SampleNeed } from './strategy.js';
import { isUsable } from './vote-table.js';

export function signalValues(
  strategy: string,
  signal: SignalName,
  samples: readonly Sample[],
  answers: AnswerKind,
  need: SampleNeed,
): (number | undefined)[] {
  const signalOf = getSignal(signal);
  const values = samples.map((s) => {
    const value = signalOf(s);
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  });
  requireNeed(`${strategy} by signal "${signal}"`, need, samples, answers, 'choose another signal (signal=score for reward-model scores, signal=mean-logprob for logprobs)');
  return values;
}

/** Throws when usable samples exist but none carries what the strategy needs. */
export function requireNeed(strategy: string, need: SampleNeed, samples: readonly Sample[], answers: AnswerKind, alternative: string): void {
  const usable = samples.filter((s) => isUsable(s, answers));
  if (usable.length > 0 && !usable.some((s) => need.has(s))) {
    throw new InvalidInputError(`${strategy} needs ${need.description}, and no usable sample has it; request it from the backend or ${alternative}`);
  }
}

/** Abstention thresholds are confidences, so they must lie in [0, 1]. */
export function checkAbstainBelow(strategy: string, value: number | undefined): number {
  const threshold = value ?? 0;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new InvalidInputError(`${strategy}: abstainBelow must be a number in [0, 1], got ${String(value)}`);
  }
  return threshold;
}

/** A signal read from verifier checks cost those checks' calls: the decision counts them. */
export function signalExtraUsage(signal: SignalName, samples: readonly Sample[]): { extraUsage?: Usage } {
  return signal === 'verifier' ? { extraUsage: checksUsage(samples) } : {};
}
