/** Rejects impossible sampling settings up front, with a message saying which value was wrong. */
import { InvalidInputError } from '../core/errors.js';
import type { GenerateRequest } from './backend.js';

export interface CheckedSampling {
  n: number;
  temperature: number;
  topP: number;
  topLogprobs: number;
  stop: string[];
}

export function checkRequest(request: GenerateRequest, limits: { maxTopLogprobs: number }): CheckedSampling {
  const { n, temperature = 1, topP = 1, maxTokens, topLogprobs = 0, stopSequences: stop = [] } = request;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`n must be a positive integer (samples wanted), got ${String(n)}`);
  if (!Number.isFinite(temperature) || temperature < 0) {
    throw new InvalidInputError(`temperature must be a number ≥ 0 (0 = greedy), got ${String(temperature)}`);
  }
  if (!(topP > 0 && topP <= 1)) throw new InvalidInputError(`topP must be in (0, 1], got ${String(topP)}`);
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw new InvalidInputError(`maxTokens must be a positive integer, got ${String(maxTokens)}`);
  }
  if (!Number.isInteger(topLogprobs) || topLogprobs < 0 || topLogprobs > limits.maxTopLogprobs) {
    throw new InvalidInputError(`topLogprobs must be an integer from 0 to ${limits.maxTopLogprobs}, got ${String(topLogprobs)}`);
  }
  if (stop.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new InvalidInputError('stop sequences must be non-empty strings');
  }
  return { n, temperature, topP, topLogprobs, stop };
}
