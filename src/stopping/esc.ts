import { InvalidInputError } from '../core/errors.js';
import { answerOf } from '../strategies/vote-table.js';
import { keepGoing, statelessRule, type StopRule } from './stop-rule.js';

export interface EscOptions {
  /** Window size w. Default 5 (Li et al. 2024). */
  window?: number;
}

/**
 * Early-Stopping Self-Consistency (Li et al., ICLR 2024): samples are taken in windows of `w` (in
 * finishing order); stop when every answer of the latest full window is the same. A window holding an
 * abstention or a failed sample is not unanimous.
 */
export function escRule(options: EscOptions = {}): StopRule {
  const w = options.window ?? 5;
  if (!Number.isInteger(w) || w < 1) throw new InvalidInputError(`esc: window must be a positive integer, got ${String(w)}`);
  return statelessRule(`esc(${w})`, ({ samples, answerKind: answers }) => {
    if (samples.length === 0 || samples.length % w !== 0) return keepGoing;
    const window = samples.slice(-w);
    const first = window[0];
    if (first === undefined || first.status !== 'ok') return keepGoing;
    const answer = answerOf(first, answers);
    if (answer === null) return keepGoing;
    const unanimous = window.every((s) => {
      if (s.status !== 'ok') return false;
      const a = answerOf(s, answers);
      return a !== null && answers.equivalent(a, answer);
    });
    return unanimous ? { stop: true, reason: `window ${samples.length / w} of ${w} agreed on ${answer}` } : keepGoing;
  });
}
