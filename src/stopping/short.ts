import { InvalidInputError } from '../core/errors.js';
import { keepGoing, statelessRule, type StopRule } from './stop-rule.js';

export interface ShortOptions {
  /** Generations to start (run them all at once: concurrency k). Default 8. */
  k?: number;
  /** Stop once this many have finished; the vote is among them. Default 3. */
  m?: number;
}

/**
 * short-m@k (Hassid et al. 2025, "Don't Overthink It"): start k generations, stop as soon as the first
 * m finish, and vote among those m. Shorter reasoning chains are right more often, so the first to
 * finish make a cheap, low-latency vote; with fewer than k in flight it only caps the samples at k.
 */
export function shortRule(options: ShortOptions = {}): StopRule {
  const k = options.k ?? 8;
  const m = options.m ?? 3;
  for (const [key, value] of [['k', k], ['m', m]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(`short: ${key} must be a positive integer, got ${String(value)}`);
  }
  if (m > k) throw new InvalidInputError(`short: m must be at most k, got m=${m}, k=${k}`);
  return statelessRule(
    `short(${m}@${k})`,
    (state) => {
      const finished = state.samples.filter((s) => s.status === 'ok').length;
      return finished >= m ? { stop: true, reason: `the first ${m} of ${k} finished` } : keepGoing;
    },
    k,
  );
}
