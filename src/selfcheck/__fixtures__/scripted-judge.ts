/**
 * A judge for parsing and accounting tests: answers each prompt with `answer(prompt)` (text, and
 * optionally first-token top logprobs), counts 7 prompt + 1 completion tokens per call, and records
 * every request. `fail` makes a call come back as an error sample.
 */
import type { Backend, GenerateRequest } from '../../backends/backend.js';
import { BackendError } from '../../core/errors.js';
import type { Prompt, TopLogprob } from '../../core/types.js';

export interface ScriptedAnswer {
  text: string;
  top?: TopLogprob[];
  fail?: boolean;
}

export interface ScriptedJudge extends Backend {
  readonly requests: GenerateRequest[];
}

export const promptText = (prompt: Prompt): string => (typeof prompt === 'string' ? prompt : prompt.map((m) => m.content).join('\n'));

export function scriptedJudge(answer: (prompt: string, call: number) => ScriptedAnswer, topLogprobs = 0): ScriptedJudge {
  const requests: GenerateRequest[] = [];
  return {
    id: 'scripted-judge',
    capabilities: { logprobs: topLogprobs > 0, topLogprobs, nativeN: false, streaming: false, fullDistribution: false },
    requests,
    async *generate(request) {
      const call = requests.length;
      requests.push(request);
      await Promise.resolve();
      for (let index = 0; index < request.n; index++) {
        const step = answer(promptText(request.prompt), call);
        const usage = { promptTokens: 7, completionTokens: 1, calls: 1 };
        if (step.fail === true) {
          yield { index, text: '', tokens: 0, finishReason: 'error', status: 'error', error: new BackendError('judge is down'), usage };
          continue;
        }
        const logprobs = request.logprobs && step.top !== undefined ? [{ text: step.text.split(' ')[0] ?? '', top: step.top }] : undefined;
        yield { index, text: step.text, tokens: 1, finishReason: 'stop', status: 'ok', usage, ...(logprobs && { logprobs }) };
      }
    },
  };
}
