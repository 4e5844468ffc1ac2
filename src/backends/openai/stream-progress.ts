/**
 * The state of one streamed sample: text and tokens so far, how it ended, and the server's usage.
 * Whatever happens to the stream, `toSample` keeps the valid part and says how it ended.
 */
import { AbortError, InvalidResponseError, QuorumError } from '../../core/errors.js';
import type { FinishReason, GeneratedToken, Sample } from '../../core/types.js';
import type { WireChoice, WireUsage } from './wire-choices.js';

export type OnToken = (token: GeneratedToken) => 'cancel' | void;

export class StreamProgress {
  text = '';
  count = 0;
  readonly tokens: GeneratedToken[] = [];
  sawLogprobs = false;
  finish: FinishReason | undefined;
  done = false;
  usage: WireUsage | undefined;
  /** Set when the stream ended early: a cancel, the caller's abort, or a failure. */
  stopped: QuorumError | undefined;
  cancelled = false;

  constructor(
    private readonly keepLogprobs: boolean,
    private readonly onToken: OnToken | undefined,
  ) {}

  /** Takes one chunk's piece of the choice; returns 'cancel' when the caller's onToken asked to stop. */
  take(choice: WireChoice): 'cancel' | void {
    this.text += choice.text;
    if (choice.finishReason) this.finish = choice.finishReason;
    const tokens = choice.tokens ?? (choice.text ? [{ text: choice.text }] : []);
    if (choice.tokens) this.sawLogprobs = true;
    for (const token of tokens) {
      this.count++;
      if (this.keepLogprobs) this.tokens.push(token);
      let verdict: 'cancel' | void;
      try {
        verdict = this.onToken?.(token);
      } catch (error) {
        this.fail(new QuorumError(`the onToken callback threw: ${String(error)}; the sample was stopped`, { cause: error }));
        return 'cancel';
      }
      if (verdict === 'cancel') {
        this.cancelled = true;
        return 'cancel';
      }
    }
  }

  fail(error: QuorumError): void {
    this.stopped ??= error;
  }

  toSample(index: number, seed: number | undefined, startedAt: number, url: string): Sample {
    const complete = !this.stopped && !this.cancelled && (this.finish !== undefined || this.done);
    const error =
      this.stopped ??
      (this.cancelled || complete
        ? undefined
        : new InvalidResponseError(`the stream from ${url} ended before sample ${index} finished (after ${this.count} tokens); the text so far is kept. Retry; if it keeps happening, check the server's logs or a proxy's timeouts.`));
    const aborted = this.cancelled || error instanceof AbortError;
    const sample: Sample = {
      index,
      text: this.text,
      tokens: this.usage?.completionTokens ?? this.count,
      finishReason: aborted ? 'aborted' : error ? 'error' : (this.finish ?? 'stop'),
      status: aborted ? 'aborted' : error ? 'error' : 'ok',
      usage: { promptTokens: this.usage?.promptTokens ?? 0, completionTokens: this.usage?.completionTokens ?? this.count, calls: 1 },
      latencyMs: Date.now() - startedAt,
    };
    if (!this.usage) sample.tokensCountedFrom = this.sawLogprobs ? 'logprobs' : 'stream';
    if (this.keepLogprobs) sample.logprobs = this.tokens;
    if (error && !this.cancelled) sample.error = error;
    if (seed !== undefined) sample.seed = seed;
    return sample;
  }
}
