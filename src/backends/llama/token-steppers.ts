/**
 * Ways to draw the next token of one sequence; each starts by feeding the last prompt token.
 * - `nativeStepper`: llama.cpp's own sampler, for samplers it runs the same way (temperature only:
 *   it reports probabilities after its chain, so a truncated chain could not report raw ones).
 * - `tokenLevelStepper`: quorum's sampler over the raw logits (any sampler spec, either order).
 * Which one runs depends on the sampler alone, never on what is reported, so one seed gives one draw
 * with or without logprobs (runtime-notes §0.3–0.4: controlledEvaluate makes a new sampler per
 * call, so the native stepper passes a seed derived per step).
 */
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { BackendError } from '../../core/errors.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import type { GeneratedToken } from '../../core/types.js';
import { drawPosition, processDistribution } from '../../decoding/processed-distribution.js';
import type { SamplerSpec } from '../../decoding/sampler-spec.js';
import { distributionStats, logprobAt, positionOf, toDistribution, type TokenDistribution } from './token-distribution.js';

export type StepInfo = Omit<GeneratedToken, 'text'>;

export interface Step {
  token: Token;
  /** Probability information for the step, when reporting was asked for. */
  info?: StepInfo;
}

export interface TokenStepper {
  /** The next token, or undefined when none fits in `allowance` more generated tokens. */
  next(allowance: number): Promise<Step | undefined>;
  /** Tokens generated so far, including drawn-and-discarded ones (CNTP's other continuations). */
  readonly spent: number;
  /** Ends generation once any abandoned `next()` has finished, so the sequence can be reused. */
  close(): Promise<void>;
}

/** What to report on every token (raw distribution: T = 1, nothing truncated). */
export interface Report {
  topLogprobs: number;
  distributionStats: boolean;
}

/** Sampler settings under which llama.cpp hands back the untouched logits (greedy skips the chain). */
export const RAW_LOGITS = { temperature: 0, topK: 0, topP: 1, minP: 0 } as const;

export function reportStep(model: LlamaModel, dist: TokenDistribution, position: number, report: Report): StepInfo {
  const info: StepInfo = { logprob: logprobAt(dist, position) };
  if (report.topLogprobs > 0) {
    info.top = Array.from({ length: Math.min(report.topLogprobs, dist.tokens.length) }, (_, at) => ({
      token: model.detokenize([dist.tokens[at] as Token], true),
      logprob: logprobAt(dist, at),
    }));
  }
  if (report.distributionStats) Object.assign(info, distributionStats(dist));
  return info;
}

/** Feeds `token` and returns the raw distribution of the next one. */
export async function rawDistribution(sequence: LlamaContextSequence, token: Token): Promise<TokenDistribution> {
  const [output] = await sequence.controlledEvaluate([[token, { generateNext: { logits: true, options: RAW_LOGITS } }]]);
  const logits = output?.next.logits;
  if (logits === undefined || logits.size === 0) throw new BackendError('llama.cpp returned no logits for the next token');
  return toDistribution(logits);
}

/** Counts tokens and remembers the step in flight, for `spent` and `close()`. */
function stepper(step: () => Promise<Step>): TokenStepper {
  let spent = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    get spent() {
      return spent;
    },
    async next(allowance) {
      if (allowance < 1) return undefined;
      const pending = step();
      inFlight = pending;
      const result = await pending;
      spent++;
      return result;
    },
    async close() {
      await inFlight.catch(() => undefined);
    },
  };
}

export interface NativeOptions {
  /** 0 = greedy. */
  temperature: number;
  seed: number;
  report?: Report | undefined;
}

export function nativeStepper(sequence: LlamaContextSequence, model: LlamaModel, first: Token, options: NativeOptions): TokenStepper {
  const { temperature, seed, report } = options;
  let input = first;
  let index = 0;
  return stepper(async () => {
    const sampling = temperature > 0 ? { temperature, topK: 0, topP: 1, minP: 0, seed: deriveSeed(seed, 'step', index++) } : RAW_LOGITS;
    const [output] = await sequence.controlledEvaluate([[input, { generateNext: { token: true, ...(report && { logits: true }), options: sampling } }]]);
    const token = output?.next.token;
    if (token === undefined || token === null) throw new BackendError('llama.cpp ended generation without a token');
    input = token;
    if (report === undefined) return { token };
    const logits = output?.next.logits;
    if (logits === undefined) throw new BackendError('llama.cpp returned no logits for the next token');
    // llama.cpp divided the logits by the temperature it sampled at; greedy returns them untouched.
    const dist = toDistribution(logits, temperature > 0 ? temperature : 1);
    return { token, info: reportStep(model, dist, positionOf(dist, token), report) };
  });
}

export interface TokenLevelOptions {
  sampler: SamplerSpec;
  /** The sampler's temperature with the backend's default applied. */
  temperature: number;
  seed: number;
  report?: Report | undefined;
}

export function tokenLevelStepper(sequence: LlamaContextSequence, model: LlamaModel, first: Token, options: TokenLevelOptions): TokenStepper {
  const { sampler, temperature, report } = options;
  const rng = createRng(options.seed);
  let input = first;
  return stepper(async () => {
    const dist = await rawDistribution(sequence, input);
    const position = drawPosition(processDistribution(dist.logits, sampler, temperature), rng);
    const token = dist.tokens[position] as Token;
    input = token;
    return report === undefined ? { token } : { token, info: reportStep(model, dist, position, report) };
  });
}
