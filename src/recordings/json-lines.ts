/**
 * Reading JSONL recordings strictly: every problem is reported with the file, the 1-based line and
 * what was expected there, so a user can open the file at that line and fix it.
 */
import { readFile } from 'node:fs/promises';
import { FileFormatError } from '../core/errors.js';

/** One parsed JSON object and where it came from. */
export interface JsonLine {
  file: string;
  line: number;
  value: Record<string, unknown>;
}

/** The file's text; a missing or unreadable file becomes a FileFormatError that says what to do. */
export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(cause)})`;
    throw new FileFormatError(file, undefined, `${why}; expected a JSONL file of recorded samples (check the path)`, {
      cause,
    });
  }
}

/** Each non-blank line parsed as a JSON object. */
export function parseJsonLines(file: string, text: string): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const body = raw.trim();
    if (body === '') return;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (cause) {
      const cut = i === lines.length - 1 ? ' (the last line looks cut off)' : '';
      throw new FileFormatError(file, i + 1, `invalid JSON${cut}; expected one JSON object per line`, { cause });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FileFormatError(file, i + 1, `expected a JSON object, got ${describe(value)}`);
    }
    out.push({ file, line: i + 1, value: value as Record<string, unknown> });
  });
  if (out.length === 0) throw new FileFormatError(file, undefined, 'the file is empty; expected one JSON object per line');
  return out;
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
