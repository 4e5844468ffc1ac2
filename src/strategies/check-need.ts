/** The sample need of strategies that read verifier checks, with the advice a user needs when they are missing. */
import { checksOf } from '../signals/verifier-score.js';
import type { SampleNeed } from './strategy.js';

export const CHECK_ADVICE = 'verify the samples first (solve({ verify }), quorum ask --verify <verifier>) or use majority';

export function checkNeed(verifier: string | undefined): SampleNeed {
  return {
    description: verifier === undefined ? 'a verifier check (Sample.checks)' : `a ${verifier} check (Sample.checks)`,
    has: (sample) => checksOf(sample, verifier).length > 0,
  };
}
