/** Rejects a malformed GenerateRequest before anything is sent, saying which field is wrong. */
import { InvalidInputError } from '../../core/errors.js';
import type { GenerateRequest } from '../backend.js';
import { samplerFields } from './request-body.js';

const ROLES = new Set(['system', 'user', 'assistant']);

const fail = (message: string): never => {
  throw new InvalidInputError(`invalid generate request: ${message}`);
};

export function validateRequest(request: GenerateRequest, maxTopLogprobs: number): void {
  const { prompt, n, topLogprobs, maxTokens, seed, stopSequences: stop } = request;
  if (typeof prompt === 'string') {
    if (prompt.length === 0) fail('`prompt` is an empty string');
  } else if (!Array.isArray(prompt) || prompt.length === 0) {
    fail('`prompt` must be a non-empty string or a non-empty array of chat messages');
  } else {
    prompt.forEach((m, i) => {
      if (!ROLES.has(m.role) || typeof m.content !== 'string') {
        fail(`message ${i} needs a role (system, user or assistant) and a string content`);
      }
    });
  }
  if (!Number.isInteger(n) || n < 1) fail(`\`n\` must be a positive integer, got ${String(n)}`);
  if (topLogprobs !== undefined && (!Number.isInteger(topLogprobs) || topLogprobs < 0 || topLogprobs > maxTopLogprobs)) {
    fail(`\`topLogprobs\` must be an integer from 0 to ${maxTopLogprobs} (the server's limit), got ${String(topLogprobs)}`);
  }
  // The sampler's own errors, and what a server cannot run, say why in their own words.
  samplerFields(request);
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens > 0)) fail('`maxTokens` must be a positive integer');
  if (seed !== undefined && !Number.isInteger(seed)) fail('`seed` must be an integer');
  if (stop !== undefined && !(Array.isArray(stop) && stop.every((s) => typeof s === 'string' && s.length > 0))) {
    fail('`stop` must be an array of non-empty strings');
  }
}
