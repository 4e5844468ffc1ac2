/**
 * Bounds of every numeric command-line option, by option name: one table, so an option accepts the
 * same values in every command that has it (`--temperature` in ask and eval, `--seed` in ask, eval
 * and report), and one reader that says what was wrong.
 */
import { InvalidInputError } from '../core/errors.js';

export interface NumberRule {
  integer: boolean;
  min?: number;
  /** `min` itself is refused. */
  minExclusive?: boolean;
  max?: number;
  /** `max` itself is refused. */
  maxExclusive?: boolean;
}

const count: NumberRule = { integer: true, min: 1 };
const seed: NumberRule = { integer: true };

export const NUMBER_OPTIONS = {
  n: count,
  seeds: count,
  seed,
  'record-seed': seed,
  temperature: { integer: false, min: 0, max: 2 },
  'top-p': { integer: false, min: 0, minExclusive: true, max: 1 },
  'max-tokens': count,
  'context-size': count,
  threads: count,
  parallel: count,
  concurrency: count,
  limit: count,
  'top-logprobs': { integer: true, min: 0, max: 20 },
} as const satisfies Record<string, NumberRule>;

export type NumberOptionName = keyof typeof NUMBER_OPTIONS;

/** "an integer ≥ 1", "a number from 0 to 2", "a number in (0, 1]". */
function describe(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) {
    if (rule.minExclusive !== true && rule.maxExclusive !== true) return `${kind} from ${rule.min} to ${rule.max}`;
    return `${kind} in ${rule.minExclusive === true ? '(' : '['}${rule.min}, ${rule.max}${rule.maxExclusive === true ? ')' : ']'}`;
  }
  if (rule.min !== undefined) return `${kind} ${rule.minExclusive === true ? '>' : '≥'} ${rule.min}`;
  if (rule.max !== undefined) return `${kind} ${rule.maxExclusive === true ? '<' : '≤'} ${rule.max}`;
  return kind;
}

/** `text` as a number within `rule`'s bounds, or an InvalidInputError naming the option and the bounds. */
export function readNumberWith(name: string, text: string, rule: NumberRule): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  const fits =
    (rule.integer ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
    (rule.min === undefined || (rule.minExclusive === true ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || (rule.maxExclusive === true ? value < rule.max : value <= rule.max));
  if (!fits) throw new InvalidInputError(`--${name} must be ${describe(rule)}, got "${text}"`);
  return value;
}

/** An option of the shared table, read by its bounds there. */
export const readNumber = (name: NumberOptionName, text: string): number => readNumberWith(name, text, NUMBER_OPTIONS[name]);

/** readNumber for an option that may be absent. */
export const readOptionalNumber = (name: NumberOptionName, text: string | undefined): number | undefined =>
  text === undefined ? undefined : readNumber(name, text);
