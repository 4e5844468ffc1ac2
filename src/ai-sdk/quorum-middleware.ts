/**
 * `quorumMiddleware()` for the AI SDK's `wrapLanguageModel`: a generate call draws several samples
 * (concurrent `doGenerate` calls with distinct seeds, through solve(), so stop rules and cancellation
 * work as everywhere else), decides, and returns the winning sample's result as the model produced
 * it, with usage summed over every call and the decision in `providerMetadata.quorum`. A stream call
 * does the same and streams the winner (the AI SDK's simulateStreamingMiddleware replays it).
 */
import { simulateStreamingMiddleware } from 'ai';
import type { AnswerKind } from '../answers/answer-kind.js';
import { getAnswerKind } from '../answers/registry.js';
import { randomInt } from 'node:crypto';
import { BackendError } from '../core/errors.js';
import { representatives, sampleOutcomes } from '../engine/decision-samples.js';
import type { SolveEvent } from '../engine/events.js';
import { solve } from '../engine/solve.js';
import { parseStopRule } from '../stopping/registry.js';
import type { StopRule } from '../stopping/stop-rule.js';
import { parseStrategySpec } from '../strategies/strategy-spec.js';
import type { Strategy } from '../strategies/strategy.js';
import { modelBackend, toChat } from './model-backend.js';
import type { CallOptions, GenerateResult, LanguageModel, LanguageModelMiddleware } from './spec-types.js';

export interface QuorumMiddlewareOptions {
  /** A strategy, or its spec as on the CLI (`majority`, `weighted:weight=mean-logprob`). Default majority. */
  strategy?: Strategy | string;
  /** Most samples per call. Default 8. */
  maxSamples?: number;
  /** A stop rule or its spec (`auto`, `beta:threshold=0.9`); a spec gets fresh state on every call. Default: draw all samples. */
  stop?: StopRule | string;
  /** How answers are extracted and compared: a kind or its name. Default `math`. */
  answer?: AnswerKind | string;
  /** `doGenerate` calls in flight at once. Default min(maxSamples, 4) with a stop rule, else maxSamples. */
  concurrency?: number;
  /** Base seed when the call brings none; sample i uses a seed derived from it. Default random. */
  seed?: number;
  onEvent?: (event: SolveEvent) => void;
}

const resolveStrategy = (strategy: Strategy | string | undefined): Strategy => (typeof strategy === 'object' ? strategy : parseStrategySpec(strategy ?? 'majority'));
const resolveStop = (stop: StopRule | string | undefined): StopRule | undefined => (typeof stop === 'string' ? parseStopRule(stop) : stop);

export function quorumMiddleware(options: QuorumMiddlewareOptions = {}): LanguageModelMiddleware {
  // Checked now, so a bad spec fails where the model is wrapped rather than at the first call.
  const strategy = resolveStrategy(options.strategy);
  resolveStop(options.stop);
  const answerKind = typeof options.answer === 'object' ? options.answer : getAnswerKind(options.answer ?? 'math');
  const maxSamples = options.maxSamples ?? 8;

  const decide = async (model: LanguageModel, params: CallOptions): Promise<GenerateResult> => {
    const stopRule = resolveStop(options.stop);
    const prompt = toChat(params.prompt);
    const backend = modelBackend(model, params, prompt);
    const result = await solve({
      backend,
      prompt,
      answerKind,
      strategy,
      maxSamples,
      concurrency: options.concurrency ?? (stopRule === undefined ? maxSamples : Math.min(maxSamples, 4)),
      seed: params.seed ?? options.seed ?? randomInt(2 ** 31),
      ...(stopRule !== undefined && { stopRule }),
      ...(params.abortSignal !== undefined && { signal: params.abortSignal }),
      ...(options.onEvent !== undefined && { onEvent: options.onEvent }),
    });
    const [representative] = representatives(result, 1);
    const winner = representative === undefined ? undefined : backend.resultFor(representative.sample.seed);
    if (winner === undefined) {
      const failure = result.samples.find((s) => s.status === 'error')?.error;
      throw failure ?? new BackendError(`no sample of ${model.provider}:${model.modelId} finished`);
    }
    const outcomes = sampleOutcomes(result);
    const usable = Math.max(1, outcomes.usable);
    const quorum = {
      answer: result.answer,
      confidence: result.confidence,
      confidenceKind: result.confidenceKind,
      abstained: result.abstained,
      voteShare: (result.votes.find((v) => v.answer === result.answer)?.count ?? 0) / usable,
      votes: result.votes.map((v) => ({ answer: v.answer, count: v.count, weight: v.weight })),
      samples: { used: outcomes.usable, total: outcomes.total, failed: outcomes.failed, cancelled: outcomes.cancelled },
      stop: result.stop === undefined ? null : { rule: result.stop.rule, reason: result.stop.reason },
      strategy: result.strategy,
    };
    return {
      ...winner,
      usage: {
        inputTokens: { total: result.usage.promptTokens, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: result.usage.completionTokens, text: undefined, reasoning: undefined },
      },
      providerMetadata: { ...winner.providerMetadata, quorum },
    };
  };

  const replay = simulateStreamingMiddleware();
  return {
    specificationVersion: 'v3',
    wrapGenerate: ({ model, params }) => decide(model, params),
    wrapStream: (call) => {
      const wrapStream = replay.wrapStream as NonNullable<LanguageModelMiddleware['wrapStream']>;
      return wrapStream({ ...call, doGenerate: () => decide(call.model, call.params) });
    },
  };
}
