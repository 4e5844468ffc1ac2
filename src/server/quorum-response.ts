/**
 * A request in quorum mode: draw samples with solve() (every generation of the request under its one
 * abort signal), decide, and answer with the representative sample of each of the top answers, the
 * usage of every upstream call, and the `quorum` object. Streamed, the response opens as soon as a
 * first sample has finished well (so a request whose samples all fail still gets its 502/504 status),
 * sends the vote table as it changes, then the winner.
 */
import type { Context } from 'hono';
import type { StopInfo } from '../core/types.js';
import { representatives } from '../engine/decision-samples.js';
import type { SolveEvent } from '../engine/events.js';
import { logprobOptions } from '../engine/logprob-request.js';
import { solve, type SolveOptions, type SolveResult } from '../engine/solve.js';
import { Channel } from '../core/channel.js';
import { deferred } from '../core/deferred.js';
import type { ServeContext } from './context.js';
import { ServeError, toServeError } from './errors.js';
import {
  completionBody,
  contentChunk,
  finishChunk,
  newHead,
  progressChunk,
  quorumExtension,
  roleChunk,
  usageChunk,
  wireUsage,
  type ChoiceContent,
  tokensOfText,
  type ResponseHead,
} from './openai-shapes.js';
import type { QuorumPlan } from './request-plan.js';
import { decisionLogFields, errorLogFields } from './request-log.js';
import type { GenerationRequest } from './request-schema.js';
import type { RequestState } from './request-state.js';
import { eventStream, type EventSink } from './sse.js';

function solveOptions(ctx: ServeContext, state: RequestState, plan: QuorumPlan, request: GenerationRequest): SolveOptions {
  const upstream = ctx.upstream.backend(plan.model);
  const rendered = ctx.upstream.render(request.input);
  const stopSequences = [...new Set([...request.stopSequences, ...rendered.stop])];
  return {
    backend: ctx.limiter.limited(upstream),
    prompt: rendered.prompt,
    answerKind: plan.answerKind,
    strategy: plan.strategy,
    maxSamples: plan.samples,
    maxTotalTokens: plan.maxTotalTokens,
    concurrency: plan.concurrency,
    seed: request.seed ?? ctx.randomSeed(),
    signal: state.signal,
    sampling: {
      temperature: request.temperature ?? ctx.sampling.temperature,
      topP: request.topP ?? ctx.sampling.topP,
      maxTokens: request.maxTokens ?? ctx.sampling.maxTokens,
      ...(stopSequences.length > 0 && { stopSequences }),
    },
    ...logprobOptions({ strategy: plan.strategy, stopRule: plan.stopRule, backend: upstream, callerLogprobs: request.logprobs, callerTopLogprobs: request.topLogprobs }),
    ...(plan.stopRule !== undefined && { stopRule: plan.stopRule }),
  };
}

/**
 * Why sampling ended, as the client should read it: the request's own abort (timeout, shutdown)
 * rather than solve()'s generic "caller".
 */
const stopOf = (result: SolveResult, state: RequestState): StopInfo | undefined =>
  state.cause !== undefined && result.stop?.rule === 'caller' ? { rule: state.cause, reason: state.causeText ?? '' } : result.stop;

/** Throws the error a client should get when no sample finished well; a decision with any finished sample stands. */
function checkUsable(result: SolveResult, state: RequestState): void {
  if (result.samples.some((s) => s.status === 'ok')) return;
  if (state.cause === 'timeout') throw new ServeError(504, 'the request timed out before any sample finished', 'upstream_error', 'timeout');
  if (state.cause === 'shutdown') throw new ServeError(503, 'the server is shutting down; retry on another instance', 'server_error', 'shutting_down');
  if (state.cause === 'client') throw new ServeError(499, 'the client closed the connection', 'invalid_request_error', 'cancelled');
  const failure = result.samples.find((s) => s.status === 'error')?.error;
  if (failure !== undefined) throw toServeError(failure);
  throw new ServeError(502, 'no sample finished (all were cancelled)', 'upstream_error', 'no_samples');
}

function choicesOf(ctx: ServeContext, result: SolveResult, request: GenerationRequest): ChoiceContent[] {
  if (result.abstained && ctx.abstention.mode === 'refuse') return [{ text: ctx.abstention.refusalText, finishReason: 'stop' }];
  return representatives(result, request.choices).map(({ sample }) => ({
    text: sample.text,
    finishReason: sample.finishReason === 'length' ? 'length' : 'stop',
    ...(request.logprobs && { logprobs: tokensOfText(sample.text, sample.logprobs) }),
  }));
}

function recordDecision(state: RequestState, plan: QuorumPlan, result: SolveResult): void {
  Object.assign(state.log, decisionLogFields(result, plan.samples, plan.stopRule?.name));
  const stop = stopOf(result, state);
  if (stop !== undefined) state.log.stop = stop;
}

export async function quorumResponse(c: Context, ctx: ServeContext, state: RequestState, plan: QuorumPlan, request: GenerationRequest): Promise<Response> {
  const head = newHead(request.endpoint, request.model, ctx.now());
  if (!request.stream) {
    const result = await solve(solveOptions(ctx, state, plan, request));
    recordDecision(state, plan, result);
    checkUsable(result, state);
    const quorum = quorumExtension(result, stopOf(result, state));
    return c.json(completionBody(request.endpoint, head, choicesOf(ctx, result, request), wireUsage(result.usage), quorum) as object);
  }

  const events = new Channel<SolveEvent>();
  const gate = deferred();
  const opened = (): void => gate.resolve();
  const running = solve({
    ...solveOptions(ctx, state, plan, request),
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'sample' && event.sample.status === 'ok') opened();
    },
  });
  let outcome: { result: SolveResult } | { error: unknown } | undefined;
  const settled = running.then(
    (result) => {
      recordDecision(state, plan, result);
      outcome = { result };
      return result;
    },
    (error: unknown) => {
      outcome = { error };
      throw error;
    },
  );
  void settled
    .catch(() => undefined)
    .finally(() => {
      opened();
      events.close();
    });
  await gate.promise;
  // Nothing has been sent yet: a request that failed outright still gets its proper status.
  if (outcome !== undefined && 'error' in outcome) throw outcome.error;
  if (outcome !== undefined) checkUsable(outcome.result, state);

  state.endsLater = true;
  return eventStream(
    c,
    async (sink) => {
      if (request.endpoint === 'chat') await sink.data(roleChunk(head, 0));
      for await (const event of events) await sendProgress(sink, request, plan, head, event);
      const result = await settled;
      checkUsable(result, state);
      await sendDecision(sink, ctx, request, head, result, stopOf(result, state));
    },
    () => state.end(),
    (error) => Object.assign(state.log, errorLogFields(error)),
  );
}

async function sendProgress(sink: EventSink, request: GenerationRequest, plan: QuorumPlan, head: ResponseHead, event: SolveEvent): Promise<void> {
  if (plan.progress === 'none') return;
  let progress: unknown;
  if (event.type === 'votes') progress = { votes: event.votes.map((v) => ({ answer: v.answer, count: v.count })) };
  else if (event.type === 'sample') progress = { sample: { index: event.sample.index, status: event.sample.status, answer: event.sample.answer ?? null, tokens: event.sample.tokens }, of: plan.samples };
  else if (event.type === 'stop') progress = { stop: { rule: event.rule, reason: event.reason } };
  else return;
  if (plan.progress === 'chunks') await sink.data(progressChunk(request.endpoint, head, progress));
  else await sink.comment(`quorum ${JSON.stringify(progress)}`);
}

async function sendDecision(sink: EventSink, ctx: ServeContext, request: GenerationRequest, head: ResponseHead, result: SolveResult, stop: StopInfo | undefined): Promise<void> {
  const choices = choicesOf(ctx, result, request);
  for (const [index, choice] of choices.entries()) {
    if (request.endpoint === 'chat' && index > 0) await sink.data(roleChunk(head, index));
    if (choice.text !== '') await sink.data(contentChunk(request.endpoint, head, index, choice.text, choice.logprobs));
    await sink.data(finishChunk(request.endpoint, head, index, choice.finishReason, index === 0 ? quorumExtension(result, stop) : undefined));
  }
  if (request.includeUsage) await sink.data(usageChunk(request.endpoint, head, wireUsage(result.usage)));
  await sink.done();
}
