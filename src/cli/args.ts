/**
 * Command-line options for every `quorum` command: one table of options per command drives both
 * parsing (node:util parseArgs, strict) and the `--help` text, so they cannot disagree.
 */
import { parseArgs } from 'node:util';
import { InvalidInputError } from '../core/errors.js';
import type { SampleBudget } from '../eval/eval-question.js';
import { readNumberWith, type NumberRule } from './number-options.js';
import { closestName } from './suggest.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** May be given several times; the values come as an array. */
  multiple?: boolean;
  /** Shown in help as `--name <placeholder>`. */
  placeholder?: string;
  /** The default as it should read in help; the command applies it. */
  defaultText?: string;
  description: string;
}

export type OptionTable = Record<string, OptionSpec>;

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  /** The values of `multiple` options, in order (empty when not given). */
  lists: Record<string, string[]>;
  positionals: string[];
}

/** `-5`, `-0.5`, `-.5`, `-1e3`: a value, not an option. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * parseArgs reads `--seed -5` as two options; a string option followed by a negative number gets
 * it as its value (`--seed=-5`), as a user means.
 */
function joinNegativeValues(argv: readonly string[], table: OptionTable): string[] {
  const byShort = new Map(Object.entries(table).flatMap(([name, spec]) => (spec.short === undefined ? [] : [[spec.short, name] as const])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = token.startsWith('--') ? token.slice(2) : /^-\w$/.test(token) ? byShort.get(token.slice(1)) : undefined;
    const next = argv[i + 1];
    if (name !== undefined && table[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(token);
  }
  return out;
}

/** parseArgs' messages, rewritten to one line that names the option and what to do. */
function explain(command: string, error: Error & { code?: string }, table: OptionTable): string {
  const help = `run "quorum ${command} --help" for the options`;
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = option.replace(/^-+/, '');
    const known = Object.keys(table);
    const guess = option.startsWith('--') ? closestName(typed, known) : undefined;
    return `unknown option ${option}${guess === undefined ? '' : `; did you mean --${guess}?`} (${help})`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const spec = table[option.replace(/^-+/, '')];
    if (/does not take an argument/.test(error.message)) return `${option} takes no value (${help})`;
    if (/ambiguous/.test(error.message)) return `${option} needs a value, and the next word starts with "-"; write ${option}=<value> if that is the value`;
    return `${option} needs a value${spec?.placeholder === undefined ? '' : ` (${option} <${spec.placeholder}>)`}`;
  }
  return `${error.message.replace(/\s*\n\s*/g, ' ')} (${help})`;
}

/**
 * Parses argv against the table; an unknown option (with the nearest known one) or a missing value
 * is an InvalidInputError. The message carries no `quorum <command>:` prefix: the command adds it.
 */
export function parseCommandArgs(command: string, argv: readonly string[], table: OptionTable): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short !== undefined && { short: spec.short }), ...(spec.multiple === true && { multiple: true }) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, table), options, allowPositionals: true, strict: true });
    const lists: ParsedArgs['lists'] = {};
    const single: OptionValues = {};
    for (const [name, value] of Object.entries(values)) {
      if (Array.isArray(value)) lists[name] = value.filter((v): v is string => typeof v === 'string');
      else single[name] = value;
    }
    for (const [name, spec] of Object.entries(table)) if (spec.multiple === true) lists[name] ??= [];
    return { values: single, lists, positionals };
  } catch (cause) {
    throw new InvalidInputError(explain(command, cause as Error & { code?: string }, table), { cause });
  }
}

/** `usage` line, then one line per option with its default. */
export function formatHelp(command: string, usage: string, table: OptionTable): string {
  const rows = Object.entries(table).map(([name, spec]) => {
    const flag = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${spec.placeholder === undefined ? '' : ` <${spec.placeholder}>`}${spec.multiple === true ? ' …' : ''}`;
    const suffix = spec.defaultText === undefined ? '' : ` (default: ${spec.defaultText})`;
    return { flag, text: `${spec.description}${suffix}` };
  });
  const width = Math.max(...rows.map((r) => r.flag.length)) + 2;
  return `usage: quorum ${command} ${usage}\n\noptions:\n${rows.map((r) => `  ${r.flag.padEnd(width)}${r.text}`).join('\n')}\n`;
}

/** A comma-separated list with blanks dropped: `"a, b,,c"` → `["a","b","c"]`. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** An integer option of one command, at least `min`. */
export const parseIntegerOption = (name: string, text: string, min: number): number => readNumberWith(name, text, { integer: true, min });

/** `\n` and `\t` typed on a command line, as the characters. */
export const unescape = (text: string): string => text.replaceAll('\\n', '\n').replaceAll('\\t', '\t');

/** A number option of one command checked by `rule`, or `fallback` when not given. */
export const parseNumberOption = (name: string, text: string | undefined, fallback: number, rule: NumberRule): number =>
  text === undefined ? fallback : readNumberWith(name, text, rule);

/** A sample budget: a positive integer or `all`, naming the option in the error. */
export function parseBudgetOption(name: string, text: string): SampleBudget {
  return text === 'all' ? 'all' : parseIntegerOption(name, text, 1);
}

/** A number strictly between 0 and 1, naming the option in the error. */
export const parseFractionOption = (name: string, text: string): number =>
  readNumberWith(name, text, { integer: false, min: 0, minExclusive: true, max: 1, maxExclusive: true });

/** A string option's value (undefined when absent). */
export const stringValue = (values: OptionValues, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};
