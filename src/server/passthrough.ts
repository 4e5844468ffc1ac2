/**
 * `strategy: "none"`: the request as the client sent it. To an HTTP upstream it is forwarded
 * unchanged (less the `quorum` field, with the model name unprefixed), streaming included, through
 * the upstream backend's retries, key and replicas. An embedded model has nothing to forward to, so
 * it generates the client's `n` choices once, streaming each token as it is generated.
 */
import type { Context } from 'hono';
import type { GenerateRequest } from '../backends/backend.js';
import { Channel } from '../core/channel.js';
import { deferred } from '../core/deferred.js';
import { observeEnd } from '../core/stream-end.js';
import type { GeneratedToken, Sample } from '../core/types.js';
import { addUsage } from '../core/usage.js';
import type { ServeContext } from './context.js';
import { toServeError } from './errors.js';
import { completionBody, contentChunk, finishChunk, newHead, roleChunk, tokensOfText, usageChunk, wireUsage, type ChoiceContent, type WireUsage } from './openai-shapes.js';
import type { PassthroughPlan } from './request-plan.js';
import { errorLogFields } from './request-log.js';
import type { Endpoint, GenerationRequest } from './request-schema.js';
import type { RequestState } from './request-state.js';
import { eventStream } from './sse.js';

const PATHS: Record<Endpoint, string> = { chat: '/chat/completions', completion: '/completions' };

export async function forwardResponse(ctx: ServeContext, state: RequestState, plan: PassthroughPlan, endpoint: Endpoint, body: Record<string, unknown>): Promise<Response> {
  const forward = ctx.upstream.forward?.bind(ctx.upstream);
  if (forward === undefined) throw new Error('internal: forwardResponse needs an HTTP upstream');
  const { quorum: _quorum, ...unchanged } = body;
  const release = await ctx.limiter.hold(state.signal);
  let response: Response;
  try {
    response = await forward(plan.model, PATHS[endpoint], unchanged, state.signal);
  } catch (error) {
    release();
    throw error;
  }
  const finish = (): void => {
    release();
    state.end();
  };
  state.endsLater = true;
  const stream = response.body === null ? null : observeEnd(response.body, finish);
  if (stream === null) finish();
  return new Response(stream, { status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' } });
}

const choiceOf = (sample: Sample, logprobs: boolean): ChoiceContent => ({
  text: sample.text,
  finishReason: sample.finishReason === 'length' ? 'length' : 'stop',
  ...(logprobs && { logprobs: tokensOfText(sample.text, sample.logprobs) }),
});

/** The first failed sample's error when none finished well. */
function checkFinished(samples: readonly Sample[]): void {
  if (samples.some((s) => s.status === 'ok')) return;
  const failure = samples.find((s) => s.status === 'error')?.error;
  throw toServeError(failure ?? new Error('no choice finished'));
}

const usageOf = (samples: readonly Sample[]): WireUsage => wireUsage(addUsage(...samples.map((s) => s.usage)));

type GenerationEvent = { type: 'token'; index: number; token: GeneratedToken } | { type: 'sample'; sample: Sample };

export async function singleGenerationResponse(c: Context, ctx: ServeContext, state: RequestState, plan: PassthroughPlan, request: GenerationRequest): Promise<Response> {
  const upstream = ctx.upstream.backend(plan.model);
  const backend = ctx.limiter.limited(upstream);
  const rendered = ctx.upstream.render(request.input);
  const stopSequences = [...new Set([...request.stopSequences, ...rendered.stop])];
  const topLogprobs = Math.min(request.topLogprobs, upstream.capabilities.topLogprobs);
  const generate: GenerateRequest = {
    prompt: rendered.prompt,
    n: request.choices,
    temperature: request.temperature ?? ctx.sampling.temperature,
    topP: request.topP ?? ctx.sampling.topP,
    maxTokens: request.maxTokens ?? ctx.sampling.maxTokens,
    seed: request.seed ?? ctx.randomSeed(),
    signal: state.signal,
    ...(stopSequences.length > 0 && { stopSequences }),
    ...(request.logprobs && { logprobs: true }),
    ...(topLogprobs > 0 && { topLogprobs }),
  };
  const head = newHead(request.endpoint, request.model, ctx.now());
  if (!request.stream) {
    const samples: Sample[] = [];
    for await (const sample of backend.generate(generate)) samples.push(sample);
    samples.sort((a, b) => a.index - b.index);
    checkFinished(samples);
    return c.json(completionBody(request.endpoint, head, samples.map((s) => choiceOf(s, request.logprobs)), usageOf(samples)) as object);
  }

  const events = new Channel<GenerationEvent>();
  const gate = deferred();
  const opened = (): void => gate.resolve();
  const samples: Sample[] = [];
  let failure: unknown;
  const onToken = (index: number, token: GeneratedToken): void => {
    opened();
    events.push({ type: 'token', index, token });
  };
  const running = (async () => {
    for await (const sample of backend.generate({ ...generate, onToken })) {
      samples.push(sample);
      events.push({ type: 'sample', sample });
    }
  })().catch((error: unknown) => {
    failure = error;
  });
  void running.finally(() => {
    opened();
    events.close();
  });
  await gate.promise;
  if (failure !== undefined) throw failure;
  if (events.isClosed) checkFinished(samples);

  state.endsLater = true;
  return eventStream(
    c,
    async (sink) => {
      if (request.endpoint === 'chat') for (let index = 0; index < request.choices; index++) await sink.data(roleChunk(head, index));
      for await (const event of events) {
        if (event.type === 'token') await sink.data(contentChunk(request.endpoint, head, event.index, event.token.text, request.logprobs ? [event.token] : undefined));
        else if (event.sample.status === 'ok') await sink.data(finishChunk(request.endpoint, head, event.sample.index, choiceOf(event.sample, false).finishReason));
      }
      if (failure !== undefined) throw failure;
      checkFinished(samples);
      if (request.includeUsage) await sink.data(usageChunk(request.endpoint, head, usageOf(samples)));
      await sink.done();
    },
    () => state.end(),
    (error) => Object.assign(state.log, errorLogFields(error)),
  );
}
