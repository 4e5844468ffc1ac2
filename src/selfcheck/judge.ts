/**
 * Asking an LLM judge about one (sentence, sample) pair: the variant's prompt, greedy, at most a few
 * tokens; the answer read from first-token logprobs when the backend gives them, else from the text.
 * A call that fails is a verdict without a score (kept, with its error and its usage).
 */
import type { Backend } from '../backends/backend.js';
import { generateOne } from '../backends/generate-one.js';
import { AbortError, type QuorumError } from '../core/errors.js';
import type { Prompt, Usage } from '../core/types.js';
import type { JudgeVariant } from './judge-prompts.js';
import type { JudgeStop } from './judge-stop.js';

export interface JudgeSettings {
  backend: Backend;
  variant: JudgeVariant;
  /** Send the prompt as one user message (chat models) instead of raw text. Default false. */
  chat?: boolean;
  /** Most tokens the judge may answer with. Default 5 (the paper's). */
  maxTokens?: number;
  /** Read the verdict from this many top logprobs when the backend has them (0 = from the text only). Default 20. */
  topLogprobs?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface Verdict {
  /** Index of the sample the sentence was judged against. */
  sample: number;
  /** 0 supported … 1 not supported; null when the call failed. */
  score: number | null;
  /** Where the score came from. */
  from: 'logprobs' | 'text' | 'failed';
  /** The judge's answer text. */
  answer: string;
  usage: Usage;
  error?: QuorumError;
}

/** A judge prompt in the shape the model takes. */
export const judgePromptShape = (text: string, chat: boolean): Prompt => (chat ? [{ role: 'user', content: text }] : text);

export async function judgePair(settings: JudgeSettings, sentence: string, sample: string, sampleIndex: number): Promise<Verdict> {
  const { backend, variant } = settings;
  const topLogprobs = Math.min(settings.topLogprobs ?? 20, backend.capabilities.topLogprobs);
  const { sample: answer, usage } = await generateOne(backend, {
    prompt: judgePromptShape(variant.prompt(sentence, sample), settings.chat ?? false),
    temperature: 0,
    maxTokens: settings.maxTokens ?? 5,
    ...(topLogprobs > 0 && { logprobs: true, topLogprobs }),
    ...(settings.seed !== undefined && { seed: settings.seed }),
    ...(settings.signal !== undefined && { signal: settings.signal }),
  });
  if (answer === undefined || answer.status !== 'ok') {
    return { sample: sampleIndex, score: null, from: 'failed', answer: answer?.text ?? '', usage, ...(answer?.error && { error: answer.error }) };
  }
  const top = answer.logprobs?.find((token) => token.text.trim() !== '')?.top;
  const fromTop = top === undefined ? undefined : variant.fromTop(top);
  if (fromTop !== undefined) return { sample: sampleIndex, score: fromTop, from: 'logprobs', answer: answer.text, usage };
  return { sample: sampleIndex, score: variant.parse(answer.text), from: 'text', answer: answer.text, usage };
}

export interface SentenceJudgement {
  /** Mean verdict score; null when no call succeeded. */
  score: number | null;
  verdicts: Verdict[];
}

/**
 * Judges one sentence against the samples in the stop rule's order until the rule says it is settled.
 * `base` is the seeded order of the sample indices the rule reorders.
 */
export async function judgeSentence(
  settings: JudgeSettings,
  sentence: string,
  samples: readonly string[],
  support: readonly number[],
  stop: JudgeStop,
  base: readonly number[],
): Promise<SentenceJudgement> {
  const order = stop.order(base, support);
  const verdicts: Verdict[] = [];
  for (let k = 0; k < order.length; k++) {
    if (settings.signal?.aborted) throw new AbortError('selfcheck was cancelled through its AbortSignal');
    const n = order[k] as number;
    verdicts.push(await judgePair(settings, sentence, samples[n] as string, n));
    if (stop.stop({ verdicts, remaining: order.slice(k + 1), support })) break;
  }
  const scores = verdicts.flatMap((v) => (v.score === null ? [] : [v.score]));
  return { score: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length, verdicts };
}
