/**
 * One sample over its own streamed connection, so cancelling it (onToken → 'cancel') closes just
 * that connection. Mid-stream failures are not retried: tokens already went to onToken, so the
 * valid part is kept and the sample says what broke.
 */
import { AbortError, BackendError, InvalidResponseError, TimeoutError } from '../../core/errors.js';
import type { Sample } from '../../core/types.js';
import type { GenerateRequest } from '../backend.js';
import type { BackendContext } from './backend-context.js';
import { failedSample } from './failed-sample.js';
import type { Attempt } from './http-client.js';
import { HttpFailure, invalidResponse } from './http-failure.js';
import { endpointPath, isChat, requestBody } from './request-body.js';
import { sseData } from './sse.js';
import { StreamProgress } from './stream-progress.js';
import { readWireMessage, type WireMessage } from './wire-choices.js';

export async function streamSample(
  ctx: BackendContext,
  request: GenerateRequest,
  index: number,
  seed: number | undefined,
  signal: AbortSignal,
): Promise<Sample> {
  const startedAt = Date.now();
  const cancel = new AbortController();
  const keepLogprobs = request.logprobs === true || (request.topLogprobs ?? 0) > 0;
  const onToken = request.onToken;
  const progress = new StreamProgress(keepLogprobs, onToken && ((token) => onToken(index, token)));
  let url = '';
  for (;;) {
    const plan = { n: 1, seed, stream: true, includeUsage: ctx.streamUsage.ask, forceLogprobs: false };
    const body = requestBody(request, ctx.options.model, ctx.options.extraBody, plan);
    try {
      await ctx.http.post({ path: endpointPath(request), body, signal, cancel: cancel.signal }, (response, attempt) => {
        url = attempt.url;
        return readStream(response, attempt, progress, isChat(request), cancel);
      });
      return progress.toSample(index, seed, startedAt, url);
    } catch (error) {
      if (plan.includeUsage && rejectsStreamOptions(error)) {
        ctx.streamUsage.ask = false;
        continue;
      }
      return failedSample(index, error, seed, startedAt);
    }
  }
}

async function readStream(response: Response, attempt: Attempt, progress: StreamProgress, chat: boolean, cancel: AbortController): Promise<void> {
  if (!response.body) throw invalidResponse(attempt.url, 'the response has no body');
  // Some servers ignore `stream: true` and answer with one JSON body; take it as a one-chunk stream.
  const streamed = !(response.headers.get('content-type') ?? '').includes('application/json');
  const messages = streamed ? sseData(response.body) : wholeBody(response);
  try {
    for await (const data of messages) {
      if (data.trim() === '[DONE]') {
        progress.done = true;
        return;
      }
      let message: WireMessage;
      try {
        message = readWireMessage(JSON.parse(data), chat, streamed);
      } catch (error) {
        // Before any token this is a server that does not speak the protocol: fail (no retry). After, keep the tokens.
        if (progress.count === 0) throw invalidResponse(attempt.url, `${(error as Error).message} in ${JSON.stringify(data.slice(0, 200))}`);
        return progress.fail(new InvalidResponseError(`${attempt.url} sent an unreadable stream chunk after ${progress.count} tokens (${(error as Error).message}); the text so far is kept.`, {}, { cause: error }));
      }
      if (message.error !== undefined) {
        return progress.fail(new BackendError(`${attempt.url} reported an error in the middle of the stream: ${message.error}. The text so far is kept.`, { serverMessage: message.error }));
      }
      if (message.usage) progress.usage = message.usage;
      for (const choice of message.choices) {
        if (choice.index !== 0) continue;
        if (progress.take(choice) === 'cancel') {
          cancel.abort();
          return;
        }
      }
      if (!streamed) progress.done = true;
    }
  } catch (error) {
    if (error instanceof HttpFailure) throw error;
    const why = attempt.why();
    if (why === 'cancel') return;
    if (why === 'abort') return progress.fail(new AbortError('the request was cancelled mid-stream', { cause: error }));
    if (why === 'timeout') {
      return progress.fail(new TimeoutError(`${attempt.url} did not finish the stream within the timeout; the text so far is kept. Raise \`timeoutMs\`.`, { retryable: true }, { cause: error }));
    }
    progress.fail(new InvalidResponseError(`the connection to ${attempt.url} broke in the middle of the stream after ${progress.count} tokens; the text so far is kept. Retry; if it keeps happening, check the server.`, {}, { cause: error }));
  }
}

async function* wholeBody(response: Response): AsyncGenerator<string> {
  yield await response.text();
}

function rejectsStreamOptions(error: unknown): boolean {
  return error instanceof BackendError && error.details.status === 400 && /stream_options|include_usage/i.test(error.details.serverMessage ?? '');
}
