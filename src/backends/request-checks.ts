/** Rejects impossible sampling settings up front, with a message saying which value was wrong. */
import { InvalidInputError } from '../core/errors.js';
import { resolveDecoding, type Decoding } from '../decoding/decoding.js';
import type { GenerateRequest } from './backend.js';

export interface CheckedSampling {
  n: number;
  /** The sampler and decode mode, resolved from `sampler`, `decode` and the shorthands. */
  decoding: Decoding;
  topLogprobs: number;
  stop: string[];
}

export function checkRequest(request: GenerateRequest, limits: { maxTopLogprobs: number }): CheckedSampling {
  const { n, maxTokens, topLogprobs = 0, stopSequences: stop = [] } = request;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`n must be a positive integer (samples wanted), got ${String(n)}`);
  const decoding = resolveDecoding(request);
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw new InvalidInputError(`maxTokens must be a positive integer, got ${String(maxTokens)}`);
  }
  if (!Number.isInteger(topLogprobs) || topLogprobs < 0 || topLogprobs > limits.maxTopLogprobs) {
    throw new InvalidInputError(`topLogprobs must be an integer from 0 to ${limits.maxTopLogprobs}, got ${String(topLogprobs)}`);
  }
  if (stop.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new InvalidInputError('stop sequences must be non-empty strings');
  }
  return { n, decoding, topLogprobs, stop };
}
