import { InvalidInputError } from '../core/errors.js';
import { keepGoing, statelessRule, type StopRule } from './stop-rule.js';

export interface FixedOptions {
  /** Samples to draw. Default 16. */
  n?: number;
}

/** Plain self-consistency: stop after exactly `n` finished samples (the engine never starts more). */
export function fixedRule(options: FixedOptions = {}): StopRule {
  const n = options.n ?? 16;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`fixed: n must be a positive integer, got ${String(n)}`);
  return statelessRule(
    `fixed(${n})`,
    (state) => (state.samples.length >= n ? { stop: true, reason: `${n} samples drawn` } : keepGoing),
    n,
  );
}
