/**
 * Self-checking an answer `solve()` already produced, from the samples it already drew: the passage
 * is the chosen sample's text (the decision's `chosen`, else the first sample of the winning vote),
 * checked against the other usable samples. No sample is drawn; only judge calls are made. This is
 * what the proxy's `quorum: {selfcheck: true}` request field calls.
 */
import { InvalidInputError } from '../core/errors.js';
import type { Sample, Vote } from '../core/types.js';
import { selfCheck, type SelfCheckOptions, type SelfCheckResult } from './self-check.js';

export interface CheckedDecision {
  samples: readonly Sample[];
  chosen?: number;
  votes?: readonly Vote[];
}

export type SampleCheckOptions = Omit<SelfCheckOptions, 'passage' | 'sentences' | 'samples' | 'sampler'>;

export interface SampleCheckResult extends SelfCheckResult {
  /** Index of the sample whose text was checked. */
  checked: number;
}

export async function selfCheckSamples(decision: CheckedDecision, options: SampleCheckOptions = {}): Promise<SampleCheckResult> {
  const usable = decision.samples.filter((s) => s.status === 'ok' && s.text.trim() !== '');
  const chosenIndex = decision.chosen ?? decision.votes?.[0]?.samples[0] ?? usable[0]?.index;
  const chosen = usable.find((s) => s.index === chosenIndex);
  const others = usable.filter((s) => s !== chosen);
  if (chosen === undefined || others.length === 0) {
    throw new InvalidInputError(`selfcheck compares the answer with the other samples and needs at least 2 usable samples, got ${usable.length}; draw more samples`);
  }
  const result = await selfCheck({ ...options, passage: chosen.text, samples: others.map((s) => s.text) });
  return { ...result, checked: chosen.index };
}
