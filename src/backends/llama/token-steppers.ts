/**
 * Two ways to draw the next token of one sequence. Both start by feeding the last prompt token.
 * - `nativeStepper`: llama.cpp's own sampler (fastest; no probabilities).
 * - `rawDistributionStepper`: asks llama.cpp for the full raw logits at every step and samples in
 *   JavaScript with a seeded RNG, so logprobs, top-k, entropy and self-certainty are of the model's
 *   raw distribution, not of the tempered/truncated one the sampler chain sees (runtime-notes §0.4).
 */
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { createRng } from '../../core/rng.js';
import { BackendError } from '../../core/errors.js';
import type { GeneratedToken } from '../../core/types.js';
import { distributionStats, logprobAt, samplePosition, toDistribution, topPositions, type SamplingParams } from './token-distribution.js';

export interface Step {
  token: Token;
  /** Probability information for the step, when the stepper computes it. */
  info?: Omit<GeneratedToken, 'text'>;
}

export interface TokenStepper {
  /** The next sampled token. */
  next(): Promise<Step>;
  /** Ends generation once any abandoned `next()` has finished, so the sequence can be reused. */
  close(): Promise<void>;
}

export interface StepperOptions extends SamplingParams {
  seed: number;
  /** Top alternatives per position (raw stepper only). */
  topLogprobs: number;
  /** Fill entropy and self-certainty (raw stepper only). */
  distributionStats: boolean;
}

export function nativeStepper(sequence: LlamaContextSequence, first: Token, options: StepperOptions): TokenStepper {
  const iterator = sequence.evaluate([first], {
    temperature: options.temperature,
    topP: options.topP,
    topK: 0,
    minP: 0,
    seed: options.seed,
    yieldEogToken: true,
  });
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    async next() {
      const pending = iterator.next();
      inFlight = pending;
      const result = await pending;
      if (result.done === true) throw new BackendError('llama.cpp ended generation without a token');
      return { token: result.value };
    },
    async close() {
      await inFlight.catch(() => undefined);
      await iterator.return();
    },
  };
}

/** Sampler settings under which llama.cpp hands back the untouched logits (greedy skips the chain). */
const RAW_LOGITS = { temperature: 0, topK: 0, topP: 1, minP: 0 } as const;

export function rawDistributionStepper(
  sequence: LlamaContextSequence,
  model: LlamaModel,
  first: Token,
  options: StepperOptions,
): TokenStepper {
  const rng = createRng(options.seed);
  let input = first;
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    async next() {
      const pending = sequence.controlledEvaluate([[input, { generateNext: { logits: true, options: RAW_LOGITS } }]]);
      inFlight = pending;
      const [output] = await pending;
      const logits = output?.next.logits;
      if (logits === undefined || logits.size === 0) throw new BackendError('llama.cpp returned no logits for the next token');
      const dist = toDistribution(logits);
      const position = samplePosition(dist, options, rng);
      const token = dist.tokens[position] as Token;
      input = token;
      const info: Omit<GeneratedToken, 'text'> = { logprob: logprobAt(dist, position) };
      if (options.topLogprobs > 0) {
        info.top = topPositions(dist, options.topLogprobs).map((at) => ({
          token: model.detokenize([dist.tokens[at] as Token], true),
          logprob: logprobAt(dist, at),
        }));
      }
      if (options.distributionStats) Object.assign(info, distributionStats(dist));
      return { token, info };
    },
    async close() {
      await inFlight.catch(() => undefined);
    },
  };
}
