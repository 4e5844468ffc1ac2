/**
 * What quorum does for one request, from (in this order of precedence) the body's `quorum` object,
 * the model-name prefix, and the server's defaults; checked against the server's caps. Every spec is
 * parsed here, per request, with the CLI's parsers, so no request shares a stop rule's state or a
 * strategy with another.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import { getAnswerKind } from '../answers/registry.js';
import { QuorumError } from '../core/errors.js';
import { parseStopRule } from '../stopping/registry.js';
import type { StopRule } from '../stopping/stop-rule.js';
import { parseStrategySpec } from '../strategies/strategy-spec.js';
import type { Strategy } from '../strategies/strategy.js';
import { badRequest, toServeError } from './errors.js';
import { parseModelName } from './model-prefix.js';
import type { QuorumField } from './request-schema.js';

export interface PlanDefaults {
  strategy: string;
  /** Stop rule spec, or undefined to draw all samples. */
  stop: string | undefined;
  samples: number;
  answer: string;
  abstainBelow: number | undefined;
  /** Generations in flight per request; undefined = min(samples, 4) with a stop rule, else min(samples, 16). */
  concurrency: number | undefined;
  /** Unprefixed models without a `quorum` object are passed through. */
  passthrough: boolean;
  progress: 'comments' | 'chunks' | 'none';
}

export interface PlanLimits {
  maxSamples: number;
  maxTotalTokens: number;
  maxConcurrency: number;
}

export interface PassthroughPlan {
  mode: 'passthrough';
  model: string;
}

export interface QuorumPlan {
  mode: 'quorum';
  model: string;
  strategy: Strategy;
  stopRule: StopRule | undefined;
  samples: number;
  maxTotalTokens: number;
  answerKind: AnswerKind;
  concurrency: number;
  progress: 'comments' | 'chunks' | 'none';
}

export type RequestPlan = PassthroughPlan | QuorumPlan;

/** Runs `parse`, turning its QuorumError into a 400 that names the field. */
function field<T>(param: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof QuorumError)) throw error;
    const serveError = toServeError(error, param);
    throw badRequest(`${param}: ${serveError.message}`, param);
  }
}

const withAbstention = (spec: string, abstainBelow: number | undefined): string =>
  abstainBelow === undefined ? spec : `${spec}${spec.includes(':') ? ',' : ':'}abstainBelow=${abstainBelow}`;

export function planRequest(model: string, quorum: QuorumField | undefined, defaults: PlanDefaults, limits: PlanLimits): RequestPlan {
  const prefix = parseModelName(model);
  const upstreamModel = prefix?.model ?? model;
  const passthrough = quorum?.strategy === 'none' || (quorum?.strategy === undefined && (prefix?.passthrough ?? (defaults.passthrough && prefix === undefined && quorum === undefined)));
  if (passthrough) return { mode: 'passthrough', model: upstreamModel };

  const where = (bodyValue: unknown, name: string): string => (bodyValue !== undefined ? `quorum.${name}` : prefix !== undefined ? 'model' : name);
  const strategySpec = quorum?.strategy ?? prefix?.strategy ?? defaults.strategy;
  const stopSpec = quorum?.stop ?? prefix?.stop ?? defaults.stop;
  const samples = quorum?.n ?? quorum?.max_samples ?? prefix?.samples ?? defaults.samples;
  const samplesParam = quorum?.n !== undefined ? 'quorum.n' : quorum?.max_samples !== undefined ? 'quorum.max_samples' : prefix?.samples !== undefined ? 'model' : 'n';
  if (samples > limits.maxSamples) throw badRequest(`${samplesParam}: at most ${limits.maxSamples} samples per request on this server, got ${samples}`, samplesParam, 'over_limit');
  if (samples < 1) throw badRequest(`${samplesParam}: give at least 1 sample`, samplesParam);
  const maxTotalTokens = quorum?.max_tokens_total ?? limits.maxTotalTokens;
  if (maxTotalTokens > limits.maxTotalTokens) {
    throw badRequest(`quorum.max_tokens_total: at most ${limits.maxTotalTokens} tokens per request on this server, got ${maxTotalTokens}`, 'quorum.max_tokens_total', 'over_limit');
  }
  const concurrency = quorum?.concurrency ?? defaults.concurrency;
  if (concurrency !== undefined && concurrency > limits.maxConcurrency) {
    throw badRequest(`quorum.concurrency: at most ${limits.maxConcurrency} generations in flight per request on this server, got ${concurrency}`, 'quorum.concurrency', 'over_limit');
  }
  const abstainBelow = quorum?.abstain_below ?? defaults.abstainBelow;
  const strategy = field(where(quorum?.strategy, 'strategy'), () => parseStrategySpec(withAbstention(strategySpec, abstainBelow)));
  const stopRule = stopSpec === undefined || stopSpec === 'none' ? undefined : field(where(quorum?.stop, 'stop'), () => parseStopRule(stopSpec));
  const answerKind = field(quorum?.answer !== undefined ? 'quorum.answer' : 'answer', () => getAnswerKind(quorum?.answer ?? defaults.answer));
  return {
    mode: 'quorum',
    model: upstreamModel,
    strategy,
    stopRule,
    samples,
    maxTotalTokens,
    answerKind,
    concurrency: Math.min(samples, concurrency ?? (stopRule === undefined ? 16 : 4)),
    progress: quorum?.progress ?? defaults.progress,
  };
}
