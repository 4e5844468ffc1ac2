/**
 * An external reward already on the sample (a reward model's, a unit-test pass rate) as a check: no
 * model call. The score passes through unchanged; a sample without one gets a failed check.
 */
import { makeCheck, unjudgeable, type Verifier } from '../verifier.js';

export interface ScoreVerifierOptions {
  /** A check passes when the score is at least this. Default 0.5. */
  passAt?: number;
}

export function scoreVerifier(options: ScoreVerifierOptions = {}): Verifier {
  const passAt = options.passAt ?? 0.5;
  return {
    name: 'score',
    callsModel: false,
    needsTopLogprobs: 0,
    // oxlint-disable-next-line require-yield -- a staged procedure that needs no call
    *check(input) {
      const skip = unjudgeable('score', input.sample);
      if (skip !== undefined) return skip;
      const score = input.sample.score;
      if (score === undefined || !Number.isFinite(score)) {
        return makeCheck('score', input.sample, [], { score: 0, passed: false, failed: true, failures: [{ reason: 'no-verdict', detail: 'the sample carries no external score' }] });
      }
      return makeCheck('score', input.sample, [], { score, passed: score >= passAt });
    },
  };
}
