/**
 * One sample's generation loop over a token stepper: detokenizes, applies stop sequences, EOS and
 * maxTokens, reports tokens to `onToken`, and ends at once on abort (status 'aborted', the tokens
 * generated so far counted, nothing after). `maxTokens` bounds every token the stepper generates,
 * those it draws and discards included (CNTP), so token budgets hold; usage counts them all.
 */
import type { LlamaModel, Token } from 'node-llama-cpp';
import { AbortError, BackendError, QuorumError } from '../../core/errors.js';
import type { FinishReason, GeneratedToken, Sample, SampleStatus } from '../../core/types.js';
import { ABORTED, raceAbort } from './abort-race.js';
import type { TokenStepper } from './token-steppers.js';

export interface SampleLoopOptions {
  index: number;
  seed: number;
  maxTokens: number;
  stopTexts: readonly string[];
  stopTokens: ReadonlySet<Token>;
  /** Keep per-token probability information on the sample. */
  keepLogprobs: boolean;
  promptTokens: number;
  startedAt: number;
  signal: AbortSignal;
  onToken?: (index: number, token: GeneratedToken) => 'cancel' | void;
}

/** The earliest stop sequence in `text` at or after `from`, as a cut position. */
function findStop(text: string, stops: readonly string[], from: number): number | undefined {
  let cut: number | undefined;
  for (const stop of stops) {
    const at = text.indexOf(stop, from);
    if (at >= 0 && (cut === undefined || at < cut)) cut = at;
  }
  return cut;
}

export async function runSampleLoop(model: LlamaModel, stepper: TokenStepper, options: SampleLoopOptions): Promise<Sample> {
  const { index, maxTokens, stopTexts, stopTokens, signal } = options;
  const generated: Token[] = [];
  const logprobs: GeneratedToken[] = [];
  const longestStop = Math.max(0, ...stopTexts.map((s) => s.length));
  let text = '';
  let finishReason: FinishReason = 'length';
  let status: SampleStatus = 'ok';
  let error: QuorumError | undefined;

  try {
    for (;;) {
      const step = await raceAbort(stepper.next(maxTokens - stepper.spent), signal);
      if (step === ABORTED) {
        finishReason = 'aborted';
        status = 'aborted';
        error = new AbortError('generation cancelled');
        break;
      }
      if (step === undefined) break;
      const previous = generated.at(-1);
      generated.push(step.token);
      const isEnd = model.isEogToken(step.token) || stopTokens.has(step.token);
      const token: GeneratedToken = {
        text: isEnd ? '' : model.detokenize([step.token], false, previous === undefined ? undefined : [previous]),
        ...step.info,
      };
      if (options.keepLogprobs) logprobs.push(token);
      const cancelled = options.onToken?.(index, token) === 'cancel';
      if (isEnd) {
        finishReason = 'stop';
        break;
      }
      const before = text.length;
      text = model.detokenize(generated, false);
      const cut = findStop(text, stopTexts, Math.max(0, before - longestStop + 1));
      if (cut !== undefined) {
        text = text.slice(0, cut);
        finishReason = 'stop';
        break;
      }
      if (cancelled) {
        finishReason = 'aborted';
        status = 'aborted';
        error = new AbortError('sample cancelled by onToken');
        break;
      }
    }
  } catch (cause) {
    finishReason = 'error';
    status = 'error';
    error = cause instanceof QuorumError ? cause : new BackendError(`llama.cpp generation failed: ${String(cause)}`, {}, { cause });
  }
  // A stop may have been cut out of the text already; an EOS/stop token never enters it.
  if (finishReason !== 'stop') text = model.detokenize(generated, false);

  const sample: Sample = {
    index,
    text,
    tokens: stepper.spent,
    finishReason,
    status,
    usage: { promptTokens: options.promptTokens, completionTokens: stepper.spent, calls: 1 },
    seed: options.seed,
    latencyMs: performance.now() - options.startedAt,
  };
  if (options.keepLogprobs) sample.logprobs = logprobs;
  if (error !== undefined) sample.error = error;
  return sample;
}
