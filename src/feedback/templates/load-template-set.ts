/**
 * A user's feedback prompts from a JSON file: `{"extends": "natural-language", "verify": {"prompt": …}}`.
 * Each prompt given is merged over the same prompt of the set it extends (default natural-language);
 * `null` removes one. The result is checked like the shipped sets: known fields, numbers where numbers
 * go, only the placeholders each prompt provides, and regular expressions that compile.
 */
import { readFile } from 'node:fs/promises';
import { FileFormatError } from '../../core/errors.js';
import { getTemplateSet } from './registry.js';
import { PLACEHOLDERS, placeholdersIn, type TemplateName, type TemplateSet } from './template-set.js';

const KINDS: readonly TemplateName[] = ['verify', 'pTrue', 'critique', 'revise', 'stepCheck', 'backward'];
const TOP_LEVEL = ['extends', 'name', 'description', 'stop', ...KINDS];

/** Fields of each prompt kind and what they hold. */
const FIELDS: Record<TemplateName, Record<string, 'string' | 'number' | 'words' | 'regex' | 'verdict' | 'mode'>> = {
  verify: { prompt: 'string', verdict: 'verdict', maxTokens: 'number', temperature: 'number' },
  pTrue: { prompt: 'string', yes: 'words', no: 'words' },
  critique: { prompt: 'string', stepPattern: 'regex', correctPattern: 'regex', maxTokens: 'number', temperature: 'number' },
  revise: { mode: 'mode', prompt: 'string', kept: 'string', maxTokens: 'number', temperature: 'number' },
  stepCheck: { prompt: 'string', maxTokens: 'number', temperature: 'number' },
  backward: { prompt: 'string', mask: 'string', maxTokens: 'number', temperature: 'number' },
};

/** Fields each kind must end up with (after merging over its base). */
const REQUIRED: Record<TemplateName, readonly string[]> = {
  verify: ['prompt', 'verdict', 'maxTokens'],
  pTrue: ['prompt', 'yes', 'no'],
  critique: ['prompt', 'stepPattern', 'correctPattern', 'maxTokens'],
  revise: ['mode', 'maxTokens'],
  stepCheck: ['prompt', 'maxTokens'],
  backward: ['prompt', 'mask', 'maxTokens'],
};

export async function loadTemplateSet(file: string): Promise<TemplateSet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new FileFormatError(file, undefined, `cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}); expected a JSON file of feedback prompts`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new FileFormatError(file, undefined, 'invalid JSON; expected an object such as {"extends": "natural-language", "verify": {"prompt": "…"}}', { cause });
  }
  return parseTemplateSet(file, value);
}

export function parseTemplateSet(file: string, value: unknown): TemplateSet {
  const bad = (message: string): never => {
    throw new FileFormatError(file, undefined, message);
  };
  if (!isObject(value)) return bad('expected a JSON object of feedback prompts');
  for (const key of Object.keys(value)) if (!TOP_LEVEL.includes(key)) bad(`unknown field "${key}"; the fields are ${TOP_LEVEL.join(', ')}`);
  const baseName = value['extends'] ?? 'natural-language';
  if (typeof baseName !== 'string') return bad('"extends" must name a template set');
  let base: TemplateSet;
  try {
    base = getTemplateSet(baseName);
  } catch (cause) {
    return bad(`"extends": ${(cause as Error).message}`);
  }
  const set: TemplateSet = { ...base, name: stringField(value, 'name', `${base.name}+${file}`, bad), description: stringField(value, 'description', `${base.description}, overridden by ${file}`, bad) };
  if (value['stop'] !== undefined) set.stop = words(value['stop'], 'stop', bad, true);
  for (const kind of KINDS) {
    const given = value[kind];
    if (given === undefined) continue;
    if (given === null) {
      delete set[kind];
      continue;
    }
    if (!isObject(given)) return bad(`"${kind}" must be an object (or null to remove it)`);
    const merged: Record<string, unknown> = { ...(base[kind] as Record<string, unknown> | undefined), ...given };
    checkKind(kind, merged, given, bad);
    (set as unknown as Record<string, unknown>)[kind] = merged;
  }
  return set;
}

function checkKind(kind: TemplateName, merged: Record<string, unknown>, given: Record<string, unknown>, bad: (m: string) => never): void {
  const fields = FIELDS[kind];
  for (const key of Object.keys(given)) {
    if (fields[key] === undefined) bad(`"${kind}" has no field "${key}"; its fields are ${Object.keys(fields).join(', ')}`);
  }
  for (const key of REQUIRED[kind]) if (merged[key] === undefined) bad(`"${kind}" needs "${key}"`);
  if (kind === 'revise') {
    const needed = merged['mode'] === 'continue' ? 'kept' : 'prompt';
    if (merged[needed] === undefined) bad(`"revise" in mode ${String(merged['mode'])} needs "${needed}"`);
  }
  for (const [key, type] of Object.entries(fields)) {
    const at = `"${kind}.${key}"`;
    const v = merged[key];
    if (v === undefined) continue;
    if (type === 'string' && typeof v !== 'string') bad(`${at} must be a string`);
    if (type === 'number' && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) bad(`${at} must be a non-negative number`);
    if (type === 'words') words(v, `${kind}.${key}`, bad, false);
    if (type === 'regex') regex(v, at, bad);
    if (type === 'mode' && v !== 'rewrite' && v !== 'continue') bad(`${at} must be "rewrite" or "continue"`);
    if (type === 'verdict') {
      if (!isObject(v)) bad(`${at} must be an object {pattern, yes, no}`);
      const verdict = v as Record<string, unknown>;
      regex(verdict['pattern'], `${at}.pattern`, bad);
      words(verdict['yes'], `${kind}.${key}.yes`, bad, false);
      words(verdict['no'], `${kind}.${key}.no`, bad, false);
    }
    if (type === 'string') {
      const allowed = PLACEHOLDERS[`${kind}.${key}`];
      const unknown = allowed === undefined ? [] : placeholdersIn(v as string).filter((name) => !allowed.includes(name));
      if (unknown.length > 0) bad(`${at} uses {${unknown.join('}, {')}}; it may use {${(allowed ?? []).join('}, {')}} (write {{ and }} for literal braces)`);
    }
  }
}

function stringField(value: Record<string, unknown>, key: string, fallback: string, bad: (m: string) => never): string {
  const v = value[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || v.trim() === '') return bad(`"${key}" must be a non-empty string`);
  return v;
}

function words(v: unknown, at: string, bad: (m: string) => never, allowEmpty: boolean): string[] {
  if (!Array.isArray(v) || v.some((w) => typeof w !== 'string' || w === '') || (!allowEmpty && v.length === 0)) {
    return bad(`"${at}" must be ${allowEmpty ? 'a list' : 'a non-empty list'} of non-empty strings`);
  }
  return v as string[];
}

function regex(v: unknown, at: string, bad: (m: string) => never): void {
  if (typeof v !== 'string') bad(`${at} must be a regular expression string`);
  try {
    RegExp(v as string, 'i');
  } catch (cause) {
    bad(`${at} is not a valid regular expression: ${(cause as Error).message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
