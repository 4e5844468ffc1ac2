/**
 * A backend for engine unit tests: the i-th request (in call order) answers `script[i].answer` after
 * streaming `script[i].tokens` tokens, one per event-loop turn, so shorter generations finish first.
 * It honours `signal`, `onToken` cancels and `maxTokens` the way real backends must.
 */
import type { Backend, GenerateRequest } from '../../backends/backend.js';
import type { GeneratedToken, Sample } from '../../core/types.js';

export interface ScriptedSample {
  answer: string;
  tokens: number;
  /** Log-prob given to every top alternative of every token (for DeepConf). */
  logprob?: number;
  /** Fail the whole request instead. */
  throws?: Error;
}

export interface ScriptedBackend extends Backend {
  readonly requests: GenerateRequest[];
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function scriptedBackend(script: ScriptedSample[], streaming = true): ScriptedBackend {
  const requests: GenerateRequest[] = [];
  return {
    id: 'scripted',
    capabilities: { logprobs: true, topLogprobs: 20, nativeN: false, streaming, fullDistribution: false },
    requests,
    async *generate(request) {
      const step = script[requests.length];
      requests.push(request);
      if (step === undefined) throw new Error(`script has no sample ${requests.length - 1}`);
      if (step.throws) throw step.throws;
      const logprobs: GeneratedToken[] = [];
      let tokens = 0;
      let finishReason: Sample['finishReason'] = 'stop';
      while (tokens < step.tokens) {
        await turn();
        if (request.signal?.aborted) {
          finishReason = 'aborted';
          break;
        }
        tokens++;
        const token: GeneratedToken = { text: 't', logprob: step.logprob ?? 0, top: [{ token: 't', logprob: step.logprob ?? 0 }] };
        logprobs.push(token);
        if (streaming && request.onToken?.(0, token) === 'cancel') {
          finishReason = 'aborted';
          break;
        }
        if (request.maxTokens !== undefined && tokens >= request.maxTokens && tokens < step.tokens) {
          finishReason = 'length';
          break;
        }
      }
      const complete = finishReason === 'stop';
      yield {
        index: 0,
        text: complete ? step.answer : '',
        tokens,
        finishReason,
        status: finishReason === 'aborted' ? 'aborted' : 'ok',
        usage: { promptTokens: 3, completionTokens: tokens, calls: 1 },
        ...(request.logprobs ? { logprobs } : {}),
      };
    },
  };
}
