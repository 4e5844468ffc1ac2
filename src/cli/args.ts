/**
 * Command-line options for every `quorum` command: one table of options per command drives both
 * parsing (node:util parseArgs, strict) and the `--help` text, so they cannot disagree.
 */
import { parseArgs } from 'node:util';
import { InvalidInputError } from '../core/errors.js';
import type { SampleBudget } from '../eval/eval-question.js';

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

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  /** The values of `multiple` options, in order (empty when not given). */
  lists: Record<string, string[]>;
  positionals: string[];
}

/**
 * Parses argv against the table; an unknown option or a missing value is an InvalidInputError that
 * points to --help. The message carries no `quorum <command>:` prefix: the command adds it when printing.
 */
export function parseCommandArgs(command: string, argv: readonly string[], table: OptionTable): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short !== undefined && { short: spec.short }), ...(spec.multiple === true && { multiple: true }) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    const lists: ParsedArgs['lists'] = {};
    const single: ParsedArgs['values'] = {};
    for (const [name, value] of Object.entries(values)) {
      if (Array.isArray(value)) lists[name] = value.filter((v): v is string => typeof v === 'string');
      else single[name] = value;
    }
    for (const [name, spec] of Object.entries(table)) if (spec.multiple === true) lists[name] ??= [];
    return { values: single, lists, positionals };
  } catch (cause) {
    throw new InvalidInputError(`${(cause as Error).message}; run "quorum ${command} --help"`, { cause });
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

/** An integer option within bounds, or an InvalidInputError naming the option. */
export function parseIntegerOption(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidInputError(`--${name} must be an integer >= ${min}, got "${text}"`);
  }
  return value;
}

/** `\n` and `\t` typed on a command line, as the characters. */
export const unescape = (text: string): string => text.replaceAll('\\n', '\n').replaceAll('\\t', '\t');

/** A number option checked by `valid` (`rule` says what it must be), or `fallback` when not given. */
export function parseNumberOption(name: string, text: string | undefined, fallback: number, valid: (x: number) => boolean, rule: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !valid(value)) throw new InvalidInputError(`--${name} must be ${rule}, got "${text}"`);
  return value;
}

/** A sample budget: a positive integer or `all`, naming the option in the error. */
export function parseBudgetOption(name: string, text: string): SampleBudget {
  return text === 'all' ? 'all' : parseIntegerOption(name, text, 1);
}

/** A number strictly between bounds, or an InvalidInputError naming the option. */
export function parseFractionOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && value < 1)) throw new InvalidInputError(`--${name} must be a number between 0 and 1, got "${text}"`);
  return value;
}
