/**
 * Samples from plain (non-streamed) requests: one request per sample (fan-out), or one request
 * with native `n` that falls back to fan-out when the server rejects or ignores `n`.
 */
import type { Sample } from '../../core/types.js';
import type { GenerateRequest } from '../backend.js';
import type { BackendContext } from './backend-context.js';
import { failedSample } from './failed-sample.js';
import { invalidResponse } from './http-failure.js';
import { rejectsN } from './n-support.js';
import { endpointPath, isChat, requestBody } from './request-body.js';
import type { SampleFeed } from './sample-feed.js';
import { readWireMessage, type WireMessage } from './wire-choices.js';

interface Batch {
  ctx: BackendContext;
  request: GenerateRequest;
  signal: AbortSignal;
  feed: SampleFeed;
  seedOf: (index: number) => number | undefined;
}

/** One request for one sample. */
export async function singleSample(batch: Batch, index: number): Promise<Sample[]> {
  const startedAt = Date.now();
  const seed = batch.seedOf(index);
  try {
    const message = await send(batch, 1, seed, false);
    return toSamples(batch, message.choices.slice(0, 1), message, [index], seed, startedAt);
  } catch (error) {
    return [failedSample(index, error, seed, startedAt)];
  }
}

/** One request with `n = indices.length`; whatever the server does not deliver is fanned out. */
export async function nativeSamples(batch: Batch, indices: number[]): Promise<Sample[]> {
  const startedAt = Date.now();
  const { ctx, feed, request } = batch;
  const fanOut = (rest: number[]): void => rest.forEach((i) => feed.add(singleSample(batch, i)));
  let message: WireMessage;
  try {
    // Per-choice token counts come only from logprobs when one request carries several choices.
    message = await send(batch, indices.length, request.seed, true);
  } catch (error) {
    if (!rejectsN(error)) return indices.map((i) => failedSample(i, error, undefined, startedAt));
    ctx.nSupport.fallBack();
    fanOut(indices);
    return [];
  }
  const choices = message.choices.toSorted((a, b) => a.index - b.index).slice(0, indices.length);
  if (choices.length < indices.length) {
    ctx.nSupport.fallBack();
    fanOut(indices.slice(choices.length));
  } else {
    ctx.nSupport.confirm();
  }
  return toSamples(batch, choices, message, indices, undefined, startedAt);
}

async function send(batch: Batch, n: number, seed: number | undefined, forceLogprobs: boolean): Promise<WireMessage> {
  const { ctx, request, signal } = batch;
  const body = requestBody(request, ctx.options.model, ctx.options.extraBody, { n, seed, stream: false, includeUsage: false, forceLogprobs });
  return ctx.http.post({ path: endpointPath(request), body, signal }, async (response, attempt) => {
    const text = await response.text();
    const snippet = JSON.stringify(text.slice(0, 200));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw invalidResponse(attempt.url, `the body is not JSON: ${snippet}`);
    }
    let message: WireMessage;
    try {
      message = readWireMessage(json, isChat(request), false);
    } catch (error) {
      throw invalidResponse(attempt.url, `${(error as Error).message} in ${snippet}`);
    }
    if (message.error !== undefined) throw invalidResponse(attempt.url, `it carries an error: ${message.error}`);
    if (message.choices.length === 0) throw invalidResponse(attempt.url, 'it has no choices');
    return message;
  });
}

/**
 * `tokens` is per choice: the server's count for a single choice, else the number of logprob
 * entries, else an even split of the total (flagged). Each sample's completion usage is its own
 * `tokens`; the first sample also carries the prompt, the call, and any difference between the
 * server's total and the per-choice counts (stop tokens a server counted but did not return), so
 * sums over samples are the server's exact totals.
 */
function toSamples(batch: Batch, choices: WireMessage['choices'], message: WireMessage, indices: number[], seed: number | undefined, startedAt: number): Sample[] {
  const keepLogprobs = batch.request.logprobs === true || (batch.request.topLogprobs ?? 0) > 0;
  const usage = message.usage;
  const samples = choices.map((choice, k) => {
    const sample: Sample = {
      index: indices[k] as number,
      text: choice.text,
      tokens: 0,
      finishReason: choice.finishReason ?? 'stop',
      status: 'ok',
      usage: { promptTokens: 0, completionTokens: 0, calls: k === 0 ? 1 : 0 },
      latencyMs: Date.now() - startedAt,
    };
    if (usage && choices.length === 1) {
      sample.tokens = usage.completionTokens;
    } else if (choice.tokens) {
      sample.tokens = choice.tokens.length;
      sample.tokensCountedFrom = 'logprobs';
    } else if (usage) {
      sample.tokens = Math.floor(usage.completionTokens / choices.length) + (k < usage.completionTokens % choices.length ? 1 : 0);
      sample.tokensCountedFrom = 'split';
    } else {
      sample.tokensCountedFrom = 'unknown';
    }
    sample.usage.completionTokens = sample.tokens;
    if (keepLogprobs && choice.tokens) sample.logprobs = choice.tokens;
    if (seed !== undefined) sample.seed = seed;
    return sample;
  });
  const first = samples[0];
  if (usage && first) {
    const counted = samples.reduce((sum, s) => sum + s.tokens, 0);
    first.usage.promptTokens = usage.promptTokens;
    first.usage.completionTokens += usage.completionTokens - counted;
  }
  return samples;
}
