/**
 * Which logprobs a solve() call should ask the backend for: a strategy with a sample need reads
 * logprobs (or signals derived from them), a stop rule may watch streamed top-k alternatives, and a
 * caller may want them for itself. `quorum ask` and `quorum serve` both ask this one function.
 */
import type { Backend } from '../backends/backend.js';
import type { StopRule } from '../stopping/stop-rule.js';
import type { Strategy } from '../strategies/strategy.js';

/** Top alternatives per token requested for strategies that weigh samples by logprobs. */
export const STRATEGY_TOP_LOGPROBS = 20;

export interface LogprobNeeds {
  strategy: Strategy;
  stopRule?: StopRule | undefined;
  backend: Backend;
  /** Top alternatives the caller itself wants returned (0 = none). */
  callerTopLogprobs?: number;
  /** The caller wants the sampled tokens' logprobs returned. */
  callerLogprobs?: boolean;
}

/** The `logprobs` and `topLogprobs` options for solve(), capped at what the backend can give. */
export function logprobOptions(needs: LogprobNeeds): { logprobs?: true; topLogprobs?: number } {
  const strategyNeeds = needs.strategy.needs !== undefined;
  const wanted = Math.max(needs.stopRule?.needsTopLogprobs ?? 0, strategyNeeds ? STRATEGY_TOP_LOGPROBS : 0, needs.callerTopLogprobs ?? 0);
  const topLogprobs = Math.min(wanted, needs.backend.capabilities.topLogprobs);
  return {
    ...((strategyNeeds || needs.callerLogprobs === true) && { logprobs: true as const }),
    ...(topLogprobs > 0 && { topLogprobs }),
  };
}
