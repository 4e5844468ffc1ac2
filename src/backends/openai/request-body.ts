/** Builds the JSON body of a chat or plain completion request from a quorum GenerateRequest. */
import { resolveDecoding } from '../../decoding/decoding.js';
import { serverSampler, type ServerLimits, type ServerSampler } from '../../decoding/server-sampling.js';
import type { GenerateRequest } from '../backend.js';

/**
 * vLLM, llama.cpp's server and SGLang take `top_k` and `min_p` besides OpenAI's fields; OpenAI's own
 * API refuses them, and its message comes back as the request's error.
 */
export const SERVER_LIMITS: ServerLimits = { backend: 'an OpenAI-compatible server', accepts: { topK: true, minP: true } };

/** The request's sampler as body fields; an InvalidInputError when a server cannot run it. */
export const samplerFields = (request: GenerateRequest): ServerSampler => serverSampler(resolveDecoding(request), SERVER_LIMITS);

export interface BodyPlan {
  /** Choices to ask for in this one request (omitted from the body when 1). */
  n: number;
  seed: number | undefined;
  stream: boolean;
  /** Ask for `stream_options.include_usage` (off once a server has rejected it). */
  includeUsage: boolean;
  /** Request per-token logprobs even if the caller did not, to count tokens per choice. */
  forceLogprobs: boolean;
}

export const isChat = (request: GenerateRequest): boolean => typeof request.prompt !== 'string';
export const endpointPath = (request: GenerateRequest): string => (isChat(request) ? '/chat/completions' : '/completions');

export function requestBody(request: GenerateRequest, model: string, extra: Record<string, unknown>, plan: BodyPlan): Record<string, unknown> {
  const top = request.topLogprobs ?? 0;
  const wantLogprobs = request.logprobs === true || top > 0 || plan.forceLogprobs;
  const body: Record<string, unknown> = { ...extra, model };
  if (isChat(request)) {
    body['messages'] = request.prompt;
    if (wantLogprobs) body['logprobs'] = true;
    if (top > 0) body['top_logprobs'] = top;
  } else {
    body['prompt'] = request.prompt;
    // The legacy completions API takes the number of alternatives; 0 still returns the sampled token's logprob.
    if (wantLogprobs) body['logprobs'] = top;
  }
  if (plan.n > 1) body['n'] = plan.n;
  Object.assign(body, samplerFields(request));
  if (request.maxTokens !== undefined) body['max_tokens'] = request.maxTokens;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body['stop'] = request.stopSequences;
  if (plan.seed !== undefined) body['seed'] = plan.seed;
  if (plan.stream) {
    body['stream'] = true;
    if (plan.includeUsage) body['stream_options'] = { include_usage: true };
  }
  return body;
}
