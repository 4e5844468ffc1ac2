/** A sample for a generation that produced nothing usable: cancelled ('aborted') or failed ('error'). */
import { AbortError, QuorumError } from '../../core/errors.js';
import type { Sample } from '../../core/types.js';

export function failedSample(index: number, error: unknown, seed: number | undefined, startedAt: number): Sample {
  const aborted = error instanceof AbortError;
  const sample: Sample = {
    index,
    text: '',
    tokens: 0,
    finishReason: aborted ? 'aborted' : 'error',
    status: aborted ? 'aborted' : 'error',
    error: error instanceof QuorumError ? error : new QuorumError(`unexpected failure: ${String(error)}`, { cause: error }),
    // An aborted call reports no usage, so only failed calls (which reached the server) are counted.
    usage: { promptTokens: 0, completionTokens: 0, calls: aborted ? 0 : 1 },
    latencyMs: Date.now() - startedAt,
  };
  if (seed !== undefined) sample.seed = seed;
  return sample;
}
