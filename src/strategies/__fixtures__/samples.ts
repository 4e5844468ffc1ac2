/** Hand-made samples for strategy tests. */
import type { GeneratedToken, Sample } from '../../core/types.js';

export function sample(index: number, answer: string | null, extra: Partial<Sample> = {}): Sample {
  return {
    index,
    text: `text ${index}`,
    answer,
    tokens: 10,
    finishReason: 'stop',
    status: 'ok',
    usage: { promptTokens: 5, completionTokens: 10, calls: 1 },
    ...extra,
  };
}

/** `count` tokens whose logprob is `logprob` each, so the mean logprob is exactly `logprob`. */
export const flatLogprobs = (logprob: number, count = 3): GeneratedToken[] =>
  Array.from({ length: count }, () => ({ text: 't', logprob }));

/** Tokens with top-k alternatives whose DeepConf token confidence is exactly `confidence` each. */
export const topWithConfidence = (confidences: readonly number[]): GeneratedToken[] =>
  confidences.map((c) => ({ text: 't', logprob: -0.1, top: [{ token: 'a', logprob: -c / 2 }, { token: 'b', logprob: (-3 * c) / 2 }] }));
