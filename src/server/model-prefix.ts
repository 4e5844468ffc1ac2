/**
 * Choosing what quorum does through the model name, for clients that cannot add body fields:
 * `quorum/<mode>/<upstream-model>`, where `<mode>` is `none` (pass through), or
 * `[<strategy-or-stop>[+<stop>]][@<samples>]`, e.g. `quorum/auto@16/gpt-4o-mini` (stop rule auto, up
 * to 16 samples), `quorum/weighted:weight=normalized-probability+beta@8/m`. A single name is a strategy when
 * one has that name (deepconf is both: write `majority+deepconf` for the stop rule), else a stop rule.
 * The upstream model may contain `/`; it may be left out (`quorum/auto@16`) for the server's default.
 */
import { isStopRuleName, stopRuleNames } from '../stopping/registry.js';
import { isStrategyName, strategyNames } from '../strategies/registry.js';
import { badRequest } from './errors.js';

export const PREFIX = 'quorum';

export interface ModelChoice {
  /** The model name to send upstream ('' = the server's default). */
  model: string;
  passthrough: boolean;
  strategy?: string;
  stop?: string;
  samples?: number;
}

const specName = (spec: string): string => spec.split(':', 1)[0]?.trim() ?? '';

/** The choice a model name makes, or undefined when it has no `quorum/` prefix. */
export function parseModelName(name: string): ModelChoice | undefined {
  if (name !== PREFIX && !name.startsWith(`${PREFIX}/`)) return undefined;
  const [, mode = '', ...rest] = name.split('/');
  const model = rest.join('/');
  if (mode === 'none') return { model, passthrough: true };
  const at = /@(\d+)$/.exec(mode);
  const parts = (at === null ? mode : mode.slice(0, at.index)).split('+').filter((p) => p !== '');
  const choice: ModelChoice = { model, passthrough: false };
  if (at !== null) choice.samples = Number(at[1]);
  if (parts.length > 2) throw badRequest(`model "${name}": write at most <strategy>+<stop rule> before "@", got ${parts.length} parts`, 'model');
  const [first, second] = parts;
  if (second !== undefined) {
    choice.strategy = first as string;
    choice.stop = second;
  } else if (first !== undefined) {
    if (isStrategyName(specName(first))) choice.strategy = first;
    else if (isStopRuleName(specName(first))) choice.stop = first;
    else {
      throw badRequest(
        `model "${name}": "${specName(first)}" is neither a strategy (${strategyNames().join(', ')}) nor a stop rule (${stopRuleNames().join(', ')})`,
        'model',
      );
    }
  }
  return choice;
}
