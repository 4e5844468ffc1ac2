/** Dataset files through the recordings' one JSONL reader, with errors that name the file and line. */
import { FileFormatError } from '../../core/errors.js';
import { parseJsonLines, readTextFileSync } from '../../recordings/json-lines.js';

/** Every non-blank line of a JSONL file parsed as a JSON object. */
export function readJsonl(file: string): { line: number; value: Record<string, unknown> }[] {
  return parseJsonLines(file, readText(file));
}

export const readText = (file: string): string => readTextFileSync(file, 'a dataset file');

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
