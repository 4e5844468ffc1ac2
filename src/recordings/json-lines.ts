/**
 * Reading JSONL recordings strictly: every problem is reported with the file, the 1-based line and
 * what was expected there, so a user can open the file at that line and fix it.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { FileFormatError } from '../core/errors.js';

/** One parsed JSON object and where it came from. */
export interface JsonLine {
  file: string;
  line: number;
  value: Record<string, unknown>;
}

/** The file's text; a missing or unreadable file becomes a FileFormatError that says what to do. */
export async function readTextFile(file: string, expected = 'a JSONL file of recorded samples'): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw unreadable(file, cause, expected);
  }
}

/** `readTextFile` for callers that cannot wait (dataset loaders). */
export function readTextFileSync(file: string, expected: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw unreadable(file, cause, expected);
  }
}

function unreadable(file: string, cause: unknown, expected: string): FileFormatError {
  const code = (cause as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(cause)})`;
  return new FileFormatError(file, undefined, `${why}; expected ${expected} (check the path)`, { cause });
}

/**
 * Each non-blank line parsed as a JSON object (none for an empty text: callers say what an empty
 * file means to them). A line that is not JSON names its line; the last one may say it looks cut off.
 */
export function parseJsonLines(file: string, text: string): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = parseJsonLine(file, i + 1, raw, i === lines.length - 1);
    if (line !== undefined) out.push(line);
  });
  return out;
}

/** One line as a JSON object, `undefined` when blank; `last` adds the cut-off hint to a JSON error. */
export function parseJsonLine(file: string, line: number, raw: string, last = false): JsonLine | undefined {
  const body = raw.trim();
  if (body === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new FileFormatError(file, line, `invalid JSON${last ? ' (the last line looks cut off)' : ''}; expected one JSON object per line`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FileFormatError(file, line, `expected a JSON object, got ${describe(value)}`);
  }
  return { file, line, value: value as Record<string, unknown> };
}

/**
 * `value` checked against a schema; the first problem becomes a FileFormatError at this line, naming
 * the field (`sample 2 field "tokens": expected a non-negative integer, got -1`).
 */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, at: JsonLine, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  let got: unknown = value;
  for (const key of path) got = (got as Record<PropertyKey, unknown> | undefined)?.[key];
  const place = path.map((key, i) => (typeof key === 'number' ? ` item ${key}` : i === 0 ? ` field "${String(key)}"` : `.${String(key)}`)).join('');
  return fail(at, `${where}${place}`.trim(), issue?.message ?? 'a valid value', got);
}

/** Throws a FileFormatError at this line: `field "key": expected …, got …`. */
export function fail(at: JsonLine, where: string, expected: string, got: unknown): never {
  throw new FileFormatError(at.file, at.line, `${where}: expected ${expected}, got ${describe(got)}`);
}

export function field(key: string): string {
  return `field "${key}"`;
}

export function readString(at: JsonLine, key: string): string {
  const value = at.value[key];
  if (typeof value !== 'string') fail(at, field(key), 'a string', value);
  return value;
}

/** A string or number field as a string (ids and gold answers are written either way). */
export function readLabel(at: JsonLine, key: string): string {
  const value = at.value[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fail(at, field(key), 'a string or a number', value);
}

export function readArray(at: JsonLine, key: string): unknown[] {
  const value = at.value[key];
  if (!Array.isArray(value)) fail(at, field(key), 'an array', value);
  return value;
}

export const isTokenCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A short, readable rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
