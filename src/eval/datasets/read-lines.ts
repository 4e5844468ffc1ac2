/** JSON Lines reading with errors that name the file and line. */
import { readFileSync } from 'node:fs';
import { FileFormatError } from '../../core/errors.js';

/** Every non-blank line of a JSONL file parsed as a JSON object. */
export function readJsonl(file: string): { line: number; value: Record<string, unknown> }[] {
  const text = readText(file);
  const rows: { line: number; value: Record<string, unknown> }[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new FileFormatError(file, index + 1, 'not valid JSON; each line must be one JSON object', { cause });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FileFormatError(file, index + 1, 'expected a JSON object on this line');
    }
    rows.push({ line: index + 1, value: value as Record<string, unknown> });
  });
  return rows;
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new FileFormatError(file, undefined, `cannot read the file (${(cause as Error).message})`, { cause });
  }
}

/** A field that must be a non-empty string (numbers and booleans are turned into their text). */
export function requireText(file: string, line: number, row: Record<string, unknown>, ...path: string[]): string {
  let value: unknown = row;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FileFormatError(file, line, `field "${path.join('.')}" must be a non-empty string`);
  }
  return value;
}
