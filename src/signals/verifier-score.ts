/**
 * What a sample's checks say, as per-sample numbers: the verifier's score (mean over the judged checks
 * of one verifier, so V GenRM verifications average as the paper does) and whether it passed. A sample
 * whose checks all failed scores 0 and does not pass; a sample never checked has no value.
 */
import type { Check } from '../core/check.js';
import type { Sample, Usage } from '../core/types.js';
import { addUsage, emptyUsage } from '../core/usage.js';

/** The checks of one verifier on the sample: `verifier`, or the one that checked it last. */
export function checksOf(sample: Sample, verifier?: string): Check[] {
  const checks = sample.checks ?? [];
  const name = verifier ?? checks.at(-1)?.verifier;
  return name === undefined ? [] : checks.filter((c) => c.verifier === name);
}

export function verifierScore(sample: Sample, verifier?: string): number | undefined {
  const checks = checksOf(sample, verifier);
  if (checks.length === 0) return undefined;
  const judged = checks.filter((c) => c.status === 'judged');
  return judged.length === 0 ? 0 : judged.reduce((sum, c) => sum + c.score, 0) / judged.length;
}

/** Passed when at least half of the verifier's judged checks passed; undefined when never checked. */
export function verifierPassed(sample: Sample, verifier?: string): boolean | undefined {
  const checks = checksOf(sample, verifier);
  if (checks.length === 0) return undefined;
  const judged = checks.filter((c) => c.status === 'judged');
  return judged.length > 0 && 2 * judged.filter((c) => c.passed).length >= judged.length;
}

/** Usage of every check of that verifier on these samples: what a verification-based decision cost beyond the samples. */
export function checksUsage(samples: readonly Sample[], verifier?: string): Usage {
  const usages = samples.flatMap((s) => checksOf(s, verifier).map((c) => c.usage));
  return usages.length === 0 ? emptyUsage() : addUsage(...usages);
}
