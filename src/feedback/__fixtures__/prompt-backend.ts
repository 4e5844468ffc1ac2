/**
 * A backend for parsing edge cases: each request is answered by `reply(promptText)`, which returns the
 * text (and optionally how it finished and the top alternatives of its tokens). Real behaviour is tested
 * against the embedded toy-arith-sf model; this one only makes odd outputs on purpose.
 */
import type { Backend, GenerateRequest } from '../../backends/backend.js';
import type { FinishReason, GeneratedToken, Sample, TopLogprob } from '../../core/types.js';

export interface PromptReply {
  text: string;
  finishReason?: FinishReason;
  status?: Sample['status'];
  /** Tokens of the text with their alternatives; default one token per word (with its trailing space). */
  tokens?: { text: string; top?: TopLogprob[] }[];
}

export interface PromptBackend extends Backend {
  readonly requests: GenerateRequest[];
}

const promptText = (request: GenerateRequest): string =>
  typeof request.prompt === 'string' ? request.prompt : request.prompt.map((m) => m.content).join('\n');

export function promptBackend(reply: (prompt: string, request: GenerateRequest) => PromptReply | string): PromptBackend {
  const requests: GenerateRequest[] = [];
  return {
    id: 'prompt-scripted',
    capabilities: { logprobs: true, topLogprobs: 20, nativeN: false, streaming: false, fullDistribution: false },
    requests,
    async *generate(request) {
      requests.push(request);
      const given = reply(promptText(request), request);
      const r = typeof given === 'string' ? { text: given } : given;
      const tokens: { text: string; top?: TopLogprob[] }[] = r.tokens ?? r.text.split(/(?<=\s)/).filter((t) => t !== '').map((text) => ({ text }));
      const logprobs: GeneratedToken[] = tokens.map((t) => ({ text: t.text, logprob: -0.1, ...(t.top && { top: t.top }) }));
      yield {
        index: 0,
        text: r.text,
        tokens: tokens.length,
        ...((request.logprobs === true || (request.topLogprobs ?? 0) > 0) && { logprobs }),
        finishReason: r.finishReason ?? (r.status === 'error' ? 'error' : 'stop'),
        status: r.status ?? 'ok',
        usage: { promptTokens: promptText(request).length, completionTokens: tokens.length, calls: 1 },
      };
    },
  };
}
