/**
 * Cautious next-token prediction's rules (algorithms.md §11a, the authors' reference code): how many
 * continuations to try at a step, where a continuation ends, and which one is kept.
 */
import type { CntpSpec } from './decode-spec.js';

/** N_t = floor(1 + (N_max − 1)·clip((H − H_low)/(H_high − H_low), 0, 1)), H in nats. */
export function trialCount(entropy: number, spec: CntpSpec): number {
  const share = Math.min(1, Math.max(0, (entropy - spec.entropyLow) / (spec.entropyHigh - spec.entropyLow)));
  return Math.floor(1 + (spec.maxTrials - 1) * share);
}

/** The reference code's punctuation tokens. */
const PUNCTUATION = new Set(['.', ',', '\n', '?', '!', ':', ';', ')', ']', '}']);

/** A continuation ends at a token that is one punctuation mark (spaces around it allowed). */
export const endsContinuation = (tokenText: string): boolean => PUNCTUATION.has(tokenText.replace(/[ \t]/g, ''));

/** exp(−mean ln p) of the drawn tokens under the distribution they were drawn from; lower is more likely. */
export function perplexity(logprobs: readonly number[]): number {
  if (logprobs.length === 0) return Infinity;
  return Math.exp(-logprobs.reduce((sum, x) => sum + x, 0) / logprobs.length);
}
