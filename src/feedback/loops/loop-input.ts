/**
 * What every self-feedback loop works from: the question, how to sample its solutions, which verifier
 * judges them and with which prompts. Solution i is requested with the seed solve() uses for sample i,
 * so a loop and plain self-consistency with the same seed see the same solutions.
 */
import type { AnswerKind } from '../../answers/answer-kind.js';
import type { SamplingOptions } from '../../backends/backend.js';
import type { Check, CheckFailure } from '../../core/check.js';
import { deriveSeed } from '../../core/rng.js';
import type { Prompt, Sample } from '../../core/types.js';
import type { FeedbackCall, Staged } from '../staged.js';
import type { TemplateSet } from '../templates/template-set.js';
import { withCheck, type Verifier } from '../verifier.js';

export interface LoopInput {
  prompt: Prompt;
  answerKind: AnswerKind;
  verifier: Verifier;
  templates: TemplateSet;
  seed: number;
  /** Sampling of the solutions (the seed is set per solution). */
  sampling: Omit<SamplingOptions, 'seed'>;
  logprobs?: boolean;
  topLogprobs?: number;
  /** Solution 0 is greedy (temperature 0), the rest sampled: the loop starts from the model's most likely solution. */
  greedyFirst?: boolean;
}

/** The call for solution `ordinal`. */
export function solveCall(input: LoopInput, ordinal: number): FeedbackCall {
  const temperature = input.greedyFirst === true && ordinal === 0 ? { temperature: 0 } : {};
  const call: FeedbackCall = { stage: 'solve', prompt: input.prompt, sampling: { ...input.sampling, ...temperature, seed: deriveSeed(input.seed, 'sample', ordinal) } };
  if (input.logprobs === true || (input.topLogprobs ?? 0) > 0) call.logprobs = true;
  if ((input.topLogprobs ?? 0) > 0) call.topLogprobs = input.topLogprobs as number;
  return call;
}

/** A returned solution as the loop keeps it: its ordinal as index, its answer extracted. */
export function asSolution(sample: Sample, ordinal: number, input: LoopInput): Sample {
  return { ...sample, index: ordinal, answer: sample.status === 'ok' ? input.answerKind.extract(sample.text) : null };
}

export const isUsableSolution = (sample: Sample): boolean => sample.status === 'ok' && sample.answer !== null && sample.answer !== undefined;

/** Solution `ordinal`, then its check (none for a solution that did not finish or has no answer). */
export function* checkedSolution(input: LoopInput, ordinal: number): Staged<{ sample: Sample; failures: CheckFailure[] }> {
  const [raw] = yield [solveCall(input, ordinal)];
  const sample = asSolution(raw as Sample, ordinal, input);
  if (!isUsableSolution(sample)) return { sample, failures: [] };
  const check: Check = yield* input.verifier.check({ prompt: input.prompt, sample, answerKind: input.answerKind, templates: input.templates });
  return { sample: withCheck(sample, check), failures: check.failures ?? [] };
}
