/**
 * The plain driver's way to make a feedback call: one sample through the backend. A request that
 * throws (bad settings, a prompt too long for the context) comes back as an error sample, so a check
 * fails and is counted instead of ending the run.
 */
import type { Backend, GenerateRequest } from '../backends/backend.js';
import { BackendError, QuorumError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import type { Caller } from './staged.js';

export function backendCaller(backend: Backend, signal?: AbortSignal): Caller {
  return async (call) => {
    const request: GenerateRequest = { ...call.sampling, prompt: call.prompt, n: 1 };
    if (call.logprobs === true) request.logprobs = true;
    if (call.topLogprobs !== undefined && call.topLogprobs > 0) request.topLogprobs = Math.min(call.topLogprobs, backend.capabilities.topLogprobs);
    if (signal !== undefined) request.signal = signal;
    try {
      for await (const sample of backend.generate(request)) return sample;
      return errorSample(new BackendError(`backend ${backend.id} ended a ${call.stage} request without a sample`));
    } catch (cause) {
      return errorSample(cause instanceof QuorumError ? cause : new BackendError(`${call.stage} call failed: ${String(cause)}`, {}, { cause }));
    }
  };
}

function errorSample(error: QuorumError): Sample {
  return { index: 0, text: '', tokens: 0, finishReason: 'error', status: 'error', error, usage: { promptTokens: 0, completionTokens: 0, calls: 1 } };
}
