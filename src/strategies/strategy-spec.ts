/**
 * Strategies from command-line specs: `name` or `name:key=value,key=value`, as stop rules are written
 * (`best-of-n:signal=score`, `deepconf:eta=90,statistic=tail`). In a comma list of strategies, a part
 * with `=` and no `:` continues the options of the strategy before it. Numbers and true/false are
 * converted; a strategy given options is named by its spec, so variants get distinct eval rows.
 */
import { InvalidInputError, UnknownNameError } from '../core/errors.js';
import { getStrategy, isStrategyName, strategyNames, strategyOptionKeys } from './registry.js';
import type { Strategy } from './strategy.js';

/** `majority,best-of-n:signal=score,borda:signal=mean-logprob,power=1` → three specs. */
export function splitStrategySpecs(list: string): string[] {
  const specs: string[] = [];
  for (const part of list.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const continues = part.includes('=') && !part.includes(':') && specs.length > 0;
    if (continues) specs[specs.length - 1] += `,${part}`;
    else specs.push(part);
  }
  return specs;
}

function parseValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

export function parseStrategySpec(spec: string): Strategy {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  if (!isStrategyName(name)) throw new UnknownNameError('strategy', name, strategyNames());
  if (colon < 0) return getStrategy(name);
  const allowed: readonly string[] = strategyOptionKeys[name];
  const options: Record<string, unknown> = {};
  for (const pair of spec.slice(colon + 1).split(',')) {
    const [key = '', value] = pair.split('=', 2).map((p) => p.trim());
    if (key === '' || value === undefined || value === '') {
      throw new InvalidInputError(`strategy "${spec}": expected key=value after ":", e.g. best-of-n:signal=score`);
    }
    if (!allowed.includes(key)) {
      throw new InvalidInputError(`strategy "${spec}": ${name} has no option "${key}"; its options are ${allowed.join(', ')}`);
    }
    options[key] = parseValue(value);
  }
  return named(getStrategy(name, options), spec);
}

/** The same strategy (its sample needs included) reporting under another name. */
function named(strategy: Strategy, name: string): Strategy {
  return {
    name,
    callsModel: strategy.callsModel,
    ...(strategy.needs !== undefined && { needs: strategy.needs }),
    async aggregate(samples, context) {
      return { ...(await strategy.aggregate(samples, context)), strategy: name };
    },
  };
}
