/** What every request handler of one server shares: the upstream, the global limit, and the settings from its flags. */
import type { GenerationLimiter } from './generation-limit.js';
import type { PlanDefaults, PlanLimits } from './request-plan.js';
import type { Upstream } from './upstream.js';

export interface SamplingDefaults {
  temperature: number;
  topP: number;
  /** Most tokens per sample. */
  maxTokens: number;
}

/** What an abstention returns: the best sample with `quorum.abstained` set, or a fixed refusal text. */
export interface AbstentionReply {
  mode: 'best' | 'refuse';
  refusalText: string;
}

export interface ServeContext {
  upstream: Upstream;
  limiter: GenerationLimiter;
  defaults: PlanDefaults;
  limits: PlanLimits;
  sampling: SamplingDefaults;
  abstention: AbstentionReply;
  /** Wall clock in ms, for `created`. */
  now: () => number;
  /** Seed for a request that brings none. */
  randomSeed: () => number;
}
