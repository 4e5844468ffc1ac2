/**
 * Stop rules by name, so the CLI, the eval harness and the proxy look them up in one place. Each entry
 * is a factory taking that rule's own typed options (all optional, paper defaults).
 */
import { InvalidInputError, UnknownNameError } from '../core/errors.js';
import { AUTO_DEFAULTS, autoRule, type AutoOptions } from './auto.js';
import { betaRule, type BetaOptions } from './beta.js';
import { deepConfRule, type DeepConfRuleOptions } from './deepconf-online.js';
import { dirichletRule, type DirichletOptions } from './dirichlet.js';
import { escRule, type EscOptions } from './esc.js';
import { fixedRule, type FixedOptions } from './fixed.js';
import { shortRule, type ShortOptions } from './short.js';
import type { StopRule } from './stop-rule.js';

export interface StopRuleOptionsByName {
  fixed: FixedOptions;
  esc: EscOptions;
  beta: BetaOptions;
  dirichlet: DirichletOptions;
  deepconf: DeepConfRuleOptions;
  short: ShortOptions;
  auto: AutoOptions;
}

export type StopRuleName = keyof StopRuleOptionsByName;

type Factories = { [K in StopRuleName]: (options?: StopRuleOptionsByName[K]) => StopRule };

const factories: Factories = {
  fixed: fixedRule,
  esc: escRule,
  beta: betaRule,
  dirichlet: dirichletRule,
  deepconf: deepConfRule,
  short: shortRule,
  auto: autoRule,
};

/**
 * The option names each rule accepts, so a command-line spec with a misspelt option is rejected
 * instead of silently ignored. `satisfies` keeps this list in step with the option types; auto's
 * come from its defaults, so a new auto option is accepted as soon as it has a default.
 */
export const stopRuleOptionKeys = {
  fixed: ['n'],
  esc: ['window'],
  beta: ['threshold'],
  dirichlet: ['threshold', 'topK'],
  deepconf: ['warmup', 'window', 'variant', 'consensus', 'topK'],
  short: ['k', 'm'],
  auto: Object.keys(AUTO_DEFAULTS) as (keyof typeof AUTO_DEFAULTS)[],
} satisfies { [K in StopRuleName]: readonly (keyof StopRuleOptionsByName[K])[] };

export const stopRuleNames = (): StopRuleName[] => Object.keys(factories) as StopRuleName[];

export function isStopRuleName(name: string): name is StopRuleName {
  return Object.hasOwn(factories, name);
}

/** A fresh stop rule by name with its options; unknown names throw an error listing the known ones. */
export function getStopRule<K extends StopRuleName>(name: K, options?: StopRuleOptionsByName[K]): StopRule;
export function getStopRule(name: string, options?: Record<string, unknown>): StopRule;
export function getStopRule(name: string, options?: Record<string, unknown>): StopRule {
  if (!isStopRuleName(name)) throw new UnknownNameError('stop rule', name, stopRuleNames());
  const factory = factories[name] as (options?: Record<string, unknown>) => StopRule;
  return factory(options);
}

/**
 * A rule from a command-line spec: `name` or `name:key=value,key=value`, e.g. `beta:threshold=0.9`,
 * `esc:window=8`, `fixed:n=16`. Numeric values become numbers; an option the rule does not have is
 * rejected with the list of those it has.
 */
export function parseStopRule(spec: string): StopRule {
  const [rawName = '', params] = spec.split(':', 2);
  const name = rawName.trim();
  if (!isStopRuleName(name)) throw new UnknownNameError('stop rule', name, stopRuleNames());
  const allowed: readonly string[] = stopRuleOptionKeys[name];
  const options: Record<string, unknown> = {};
  for (const pair of params ? params.split(',') : []) {
    const [key, value] = pair.split('=', 2);
    if (!key || value === undefined || value === '') {
      throw new InvalidInputError(`stop rule "${spec}": expected key=value after ":", e.g. beta:threshold=0.9`);
    }
    if (!allowed.includes(key.trim())) {
      throw new InvalidInputError(`stop rule "${spec}": ${name} has no option "${key.trim()}"; its options are ${allowed.join(', ')}`);
    }
    options[key.trim()] = Number.isFinite(Number(value)) ? Number(value) : value.trim();
  }
  return getStopRule(name, options);
}
