/**
 * A scripted backend for unit tests of the model-calling strategies' logic: each call returns the
 * next scripted reply (text and, optionally, top alternatives at the first position) and records
 * the request. Real-model behaviour is tested against the embedded toy-arith model.
 */
import type { Backend, GenerateRequest } from '../../backends/backend.js';
import type { Sample, TopLogprob } from '../../core/types.js';

export interface ScriptedReply {
  text: string;
  top?: TopLogprob[];
  status?: Sample['status'];
}

export interface FakeBackend extends Backend {
  readonly requests: GenerateRequest[];
}

export function fakeBackend(replies: ScriptedReply[], topLogprobs = 20): FakeBackend {
  const requests: GenerateRequest[] = [];
  return {
    id: 'fake:scripted',
    capabilities: { logprobs: true, topLogprobs, nativeN: true, streaming: false, fullDistribution: false },
    requests,
    async *generate(request) {
      requests.push(request);
      const reply = replies[(requests.length - 1) % replies.length] as ScriptedReply;
      const promptTokens = (typeof request.prompt === 'string' ? request.prompt : JSON.stringify(request.prompt)).length;
      const completionTokens = reply.text.length;
      yield {
        index: 0,
        text: reply.text,
        tokens: completionTokens,
        ...(reply.top && { logprobs: [{ text: reply.text, logprob: reply.top[0]?.logprob ?? 0, top: reply.top }] }),
        finishReason: reply.status === 'error' ? 'error' : 'stop',
        status: reply.status ?? 'ok',
        usage: { promptTokens, completionTokens, calls: 1 },
      };
    },
  };
}
