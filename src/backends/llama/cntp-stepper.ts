/**
 * Cautious next-token prediction on the embedded model (algorithms.md §11a). At each step the
 * sampler's distribution is computed over the raw logits; where its entropy says the model is unsure,
 * N_t continuations are drawn from the current prefix, each to its first punctuation token, an end
 * token or a stop sequence, and the one with the lowest perplexity (under the distributions it was
 * drawn from) is kept. Continuations run on parallel sequences forked from this one's KV cache
 * (idle sequences of the context, borrowed for the step; in turns on fewer when few are idle). Every
 * drawn token counts in `spent`, kept or not; near the end of `maxTokens` each continuation gets an
 * equal share of what is left.
 */
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { AbortError } from '../../core/errors.js';
import { createRng, deriveSeed, type Rng } from '../../core/rng.js';
import { endsContinuation, perplexity, trialCount } from '../../decoding/cntp.js';
import type { CntpSpec } from '../../decoding/decode-spec.js';
import { drawPosition, processDistribution, processedEntropy, type ProcessedDistribution } from '../../decoding/processed-distribution.js';
import { copySequencePrefix } from './prefix-sharing.js';
import type { TokenDistribution } from './token-distribution.js';
import { rawDistribution, reportStep, type Step, type TokenLevelOptions, type TokenStepper } from './token-steppers.js';

/** Idle sequences of the context, lent to one sample for one branching step. */
export interface ForkSequences {
  /** Up to `max` sequences free right now (possibly none); never waits. */
  borrow(max: number): LlamaContextSequence[];
  giveBack(sequences: readonly LlamaContextSequence[]): void;
}

export interface CntpOptions extends TokenLevelOptions {
  cntp: CntpSpec;
  /** Tokens that end generation (EOS, the chat template's end of turn). */
  isEnd: (token: Token) => boolean;
  stopTexts: readonly string[];
  forks: ForkSequences;
  signal: AbortSignal;
}

interface Continuation {
  steps: Step[];
  /** ln p of each drawn token under the sampler's distribution it was drawn from. */
  logprobs: number[];
  sequence: LlamaContextSequence;
  /** Which turn of the step it ran in (its sequence still holds it only after the last turn). */
  turn: number;
}

/** Leaves `sequence` holding its first `length` tokens. */
async function truncate(sequence: LlamaContextSequence, length: number): Promise<void> {
  if (sequence.nextTokenIndex > length) await sequence.eraseContextTokenRanges([{ start: length, end: sequence.nextTokenIndex }]);
}

export function cntpStepper(main: LlamaContextSequence, model: LlamaModel, first: Token, options: CntpOptions): TokenStepper {
  const { sampler, temperature, report, cntp, signal } = options;
  const rng = createRng(options.seed);
  const queue: Step[] = [];
  let input = first;
  let spent = 0;
  let branchings = 0;
  let inFlight: Promise<unknown> = Promise.resolve();

  const process = (dist: TokenDistribution): ProcessedDistribution => processDistribution(dist.logits, sampler, temperature);
  const drawn = (dist: TokenDistribution, processed: ProcessedDistribution, random: Rng): { step: Step; logprob: number } => {
    const position = drawPosition(processed, random);
    const token = dist.tokens[position] as Token;
    spent++;
    const drawnStep: Step = report === undefined ? { token } : { token, info: reportStep(model, dist, position, report) };
    return { step: drawnStep, logprob: Math.log(processed.probs[position] as number) };
  };

  /** One continuation on `sequence` (holding the prefix), from the step's distribution to its end or `cap` tokens. */
  async function continuation(sequence: LlamaContextSequence, dist0: TokenDistribution, processed0: ProcessedDistribution, random: Rng, cap: number, turn: number): Promise<Continuation> {
    const result: Continuation = { steps: [], logprobs: [], sequence, turn };
    let [dist, processed] = [dist0, processed0];
    for (;;) {
      const next = drawn(dist, processed, random);
      result.steps.push(next.step);
      result.logprobs.push(next.logprob);
      if (result.steps.length >= cap || signal.aborted || ends(result.steps)) return result;
      dist = await rawDistribution(sequence, next.step.token);
      processed = process(dist);
    }
  }

  function ends(steps: readonly Step[]): boolean {
    const last = (steps.at(-1) as Step).token;
    if (options.isEnd(last) || endsContinuation(model.detokenize([last], false))) return true;
    if (options.stopTexts.length === 0) return false;
    const text = model.detokenize(steps.map((s) => s.token), false);
    return options.stopTexts.some((stop) => text.includes(stop));
  }

  /** Draws `trials` continuations from the prefix `main` holds, keeps the most likely, and leaves `main` on it. */
  async function branch(dist: TokenDistribution, processed: ProcessedDistribution, trials: number, allowance: number): Promise<Step[]> {
    const prefix = main.nextTokenIndex;
    const branching = branchings++;
    const borrowed = options.forks.borrow(trials - 1);
    try {
      const lanes = [main];
      for (const sequence of borrowed) if (await copySequencePrefix(sequence, main, prefix)) lanes.push(sequence);
      // Each continuation gets an equal share of what is left (trials ≤ allowance, so ≥ 1), so the
      // budget holds and the outcome does not depend on how many lanes ran at once.
      const cap = Math.floor(allowance / trials);
      const tried: Continuation[] = [];
      let turn = 0;
      for (let start = 0; start < trials && !signal.aborted; start += lanes.length, turn++) {
        const lanesNow = lanes.slice(0, Math.min(lanes.length, trials - start));
        if (turn > 0) await Promise.all(lanesNow.map((sequence) => truncate(sequence, prefix)));
        const random = (j: number): Rng => createRng(deriveSeed(options.seed, 'cntp', branching, start + j));
        tried.push(...(await Promise.all(lanesNow.map((sequence, j) => continuation(sequence, dist, processed, random(j), cap, turn)))));
      }
      if (tried.length === 0) throw new AbortError('generation cancelled');
      const best = tried.reduce((a, b) => (perplexity(b.logprobs) < perplexity(a.logprobs) ? b : a));
      // `main` must hold the prefix and every kept token but the last, which the next step feeds.
      const length = prefix + best.steps.length - 1;
      const inLastTurn = best.turn === turn - 1;
      const settled = inLastTurn && (best.sequence === main || (length > prefix && (await copySequencePrefix(main, best.sequence, length))));
      if (!settled) {
        await truncate(main, prefix);
        if (length > prefix) await main.evaluateWithoutGeneratingNewTokens(best.steps.slice(0, -1).map((s) => s.token));
      }
      return best.steps;
    } finally {
      options.forks.giveBack(borrowed);
    }
  }

  async function advance(allowance: number): Promise<Step> {
    const dist = await rawDistribution(main, input);
    const processed = process(dist);
    const trials = Math.min(trialCount(processedEntropy(processed), cntp), allowance);
    const steps = trials > 1 ? await branch(dist, processed, trials, allowance) : [drawn(dist, processed, rng).step];
    input = (steps.at(-1) as Step).token;
    queue.push(...steps);
    return queue.shift() as Step;
  }

  return {
    get spent() {
      return spent;
    },
    async next(allowance) {
      const queued = queue.shift();
      if (queued !== undefined) return queued;
      if (allowance < 1) return undefined;
      const pending = advance(allowance);
      inFlight = pending;
      return pending;
    },
    async close() {
      await inFlight.catch(() => undefined);
    },
  };
}
