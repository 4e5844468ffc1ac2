/**
 * GenRM (Singhi et al., "When To Solve, When To Verify", algorithms.md §9d): V verification chains
 * sampled at once; each ends in a Yes/No verdict scored p(yes) at the verdict token (fallbacks 1 − p(no),
 * then the verdict's text); the check's score is the mean over the chains that gave a verdict. Chains
 * without one are counted as failures; when none gives one the check fails.
 */
import type { CheckFailure } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import { feedbackCall, sharedValues } from '../feedback-prompt.js';
import { readVerdict } from '../parse/verdict.js';
import { fill, requireTemplate } from '../templates/template-set.js';
import { makeCheck, unjudgeable, type Verifier } from '../verifier.js';

export interface GenrmOptions {
  /** Verification chains per solution (the paper's V). Default 4. */
  chains?: number;
  /** Top alternatives read at the verdict token. Default 5. */
  topLogprobs?: number;
  /** A check passes when its mean score is at least this. Default 0.5. */
  passAt?: number;
}

export function genrmVerifier(options: GenrmOptions = {}): Verifier {
  const chains = options.chains ?? 4;
  if (!(Number.isInteger(chains) && chains >= 1)) throw new RangeError(`genrm: chains must be a positive integer, got ${String(options.chains)}`);
  const topLogprobs = options.topLogprobs ?? 5;
  const passAt = options.passAt ?? 0.5;
  return {
    name: 'genrm',
    callsModel: true,
    needsTopLogprobs: 0,
    *check(input) {
      const skip = unjudgeable('genrm', input.sample);
      if (skip !== undefined) return skip;
      const template = requireTemplate(input.templates, 'verify', 'the genrm verifier');
      const text = fill(template.prompt, sharedValues(input.prompt, input.sample));
      const calls = Array.from({ length: chains }, (_, chain) => ({
        ...feedbackCall('verify', input.prompt, text, template, input.templates, chain),
        logprobs: true,
        topLogprobs,
      }));
      const replies: Sample[] = yield calls;
      const scores: number[] = [];
      const failures: CheckFailure[] = [];
      for (const reply of replies) {
        const reading = readVerdict(reply, template.verdict);
        if ('failure' in reading) failures.push(reading.failure);
        else scores.push(reading.score);
      }
      if (scores.length === 0) return makeCheck('genrm', input.sample, replies, { score: 0, passed: false, failed: true, failures });
      const score = scores.reduce((a, b) => a + b, 0) / scores.length;
      const review = replies.find((r) => r.status === 'ok')?.text.trim();
      return makeCheck('genrm', input.sample, replies, {
        score,
        passed: score >= passAt,
        failures,
        ...(review !== undefined && score < passAt && { critique: { review } }),
      });
    },
  };
}
