/**
 * Strategies by name, so the CLI, the eval harness and the proxy look them up in one place.
 * Each entry is a factory taking that strategy's own typed options (all optional, paper defaults).
 */
import { UnknownNameError } from '../core/errors.js';
import type { Strategy } from './strategy.js';
import { majority, type MajorityOptions } from './majority.js';
import { weighted, type WeightedOptions } from './weighted.js';

/** Options of each registered strategy; extend this map when adding a strategy. */
export interface StrategyOptionsByName {
  majority: MajorityOptions;
  weighted: WeightedOptions;
}

export type StrategyName = keyof StrategyOptionsByName;

type Factories = { [K in StrategyName]: (options?: StrategyOptionsByName[K]) => Strategy };

const factories: Factories = {
  majority,
  weighted,
};

export const strategyNames = (): StrategyName[] => Object.keys(factories) as StrategyName[];

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
