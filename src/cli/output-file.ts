/**
 * Where a command writes the file it was asked for (--out, --html): the folder is created as needed,
 * and a path that cannot be written is reported in one line naming it, not as an unexpected error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../core/errors.js';

/** A failure of the file system (it has a syscall), as opposed to a bug in what was being written. */
const isFileSystemError = (error: unknown): error is NodeJS.ErrnoException => error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';

/** Runs `write` once the file's folder exists; a file-system failure names what could not be written where. */
export function writeOutput(file: string, what: string, write: (file: string) => void): void {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    write(file);
  } catch (cause) {
    if (!isFileSystemError(cause)) throw cause;
    throw new InvalidInputError(`cannot write ${what} to ${file}: ${cause.message}`, { cause });
  }
}

export const writeOutputFile = (file: string, what: string, text: string): void => writeOutput(file, what, (at) => writeFileSync(at, text));
