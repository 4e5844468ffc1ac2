/**
 * Strategies by name, so the CLI, the eval harness and the proxy look them up in one place.
 * Each entry is a factory taking that strategy's own typed options (all optional, paper defaults).
 */
import { UnknownNameError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import type { Strategy } from './strategy.js';
import { bestOfN, type BestOfNOptions } from './best-of-n.js';
import { cisc, type CiscOptions } from './cisc.js';
import { fobar, type FobarOptions } from './fobar.js';
import { majorityOfPassed, type MajorityOfPassedOptions } from './majority-of-passed.js';
import { verifiedVote, type VerifiedVoteOptions } from './verified-vote.js';
import { borda, type BordaOptions } from './borda.js';
import { deepConf, type DeepConfOptions } from './deepconf.js';
import { ensemble, type EnsembleOptions } from './ensemble.js';
import { gsa, type GsaOptions } from './gsa.js';
import { majority, type MajorityOptions } from './majority.js';
import { pTrue, type PTrueOptions } from './p-true.js';
import { rpc, type RpcOptions } from './rpc.js';
import { usc, type UscOptions } from './usc.js';
import { weighted, type WeightedOptions } from './weighted.js';

/** Options of each registered strategy; extend this map when adding a strategy. */
export interface StrategyOptionsByName {
  majority: MajorityOptions;
  weighted: WeightedOptions;
  'best-of-n': BestOfNOptions;
  borda: BordaOptions;
  rpc: RpcOptions;
  deepconf: DeepConfOptions;
  ensemble: EnsembleOptions;
  usc: UscOptions;
  gsa: GsaOptions;
  'p-true': PTrueOptions;
  'verified-vote': VerifiedVoteOptions;
  'majority-of-passed': MajorityOfPassedOptions;
  cisc: CiscOptions;
  fobar: FobarOptions;
}

export type StrategyName = keyof StrategyOptionsByName;

type Factories = { [K in StrategyName]: (options?: StrategyOptionsByName[K]) => Strategy };

const factories: Factories = {
  majority,
  weighted,
  'best-of-n': bestOfN,
  borda,
  rpc,
  deepconf: deepConf,
  ensemble,
  usc,
  gsa,
  'p-true': pTrue,
  'verified-vote': verifiedVote,
  'majority-of-passed': majorityOfPassed,
  cisc,
  fobar,
};

/**
 * The option names each strategy accepts, so a command-line spec with a misspelt option is rejected
 * instead of silently ignored. `satisfies` keeps this list in step with the option types.
 */
export const strategyOptionKeys = {
  majority: ['abstainBelow'],
  weighted: ['weight', 'abstainBelow'],
  'best-of-n': ['signal', 'abstainBelow'],
  borda: ['signal', 'power', 'abstainBelow'],
  rpc: ['prune', 'minPathsToPrune', 'abstainBelow'],
  deepconf: ['statistic', 'eta', 'window', 'tokenConfidence', 'topK', 'abstainBelow'],
  ensemble: ['abstainBelow'],
  usc: ['abstainBelow'],
  gsa: ['fallback', 'abstainBelow'],
  'p-true': ['maxCandidates', 'brainstorm', 'topLogprobs', 'abstainBelow'],
  'verified-vote': ['verifier', 'abstainBelow'],
  'majority-of-passed': ['verifier', 'abstainBelow'],
  cisc: ['verifier', 'temperature', 'abstainBelow'],
  fobar: ['alpha', 'verifier', 'abstainBelow'],
} satisfies { [K in StrategyName]: readonly (keyof StrategyOptionsByName[K])[] };

export const strategyNames = (): StrategyName[] => Object.keys(factories) as StrategyName[];

/** Strategies that decide from the samples alone (no extra model calls): the ones `quorum eval` can replay. */
export const answerLevelStrategyNames = (): StrategyName[] => strategyNames().filter((name) => !getStrategy(name).callsModel);

/**
 * Every answer-level strategy (default options) that these samples can support: those with a need
 * (logprobs, top-k, a score) only when some sample carries it. For reports that compare "everything".
 */
export function answerLevelStrategiesFor(samples: readonly Sample[]): Strategy[] {
  // With a single source, ensemble is majority vote: a second, identical line.
  const sources = new Set(samples.map((s) => s.source));
  return answerLevelStrategyNames()
    .filter((name) => name !== 'ensemble' || sources.size > 1)
    .map((name) => getStrategy(name))
    .filter((strategy) => strategy.needs === undefined || samples.some((s) => strategy.needs?.has(s)));
}

export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(factories, name);
}

/** A strategy by name with its options; unknown names throw an error listing the known ones. */
export function getStrategy<K extends StrategyName>(name: K, options?: StrategyOptionsByName[K]): Strategy;
export function getStrategy(name: string, options?: Record<string, unknown>): Strategy;
export function getStrategy(name: string, options?: Record<string, unknown>): Strategy {
  if (!isStrategyName(name)) throw new UnknownNameError('strategy', name, strategyNames());
  const factory = factories[name] as (options?: Record<string, unknown>) => Strategy;
  return factory(options);
}
