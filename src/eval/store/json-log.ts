/**
 * The crash-safe heart of a run: an append-only JSONL file with one line per record, each written whole
 * and then fsync'd. A kill can at worst tear the line being written; reading drops such a torn last
 * line and re-opening cuts it off, so that record is simply made again. Samples and feedback calls are
 * both stored this way.
 */
import { closeSync, existsSync, fsync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { FileFormatError } from '../../core/errors.js';

export interface JsonLogContents<T> {
  records: T[];
  /** Byte length of the complete lines; anything after it is a torn tail. */
  validBytes: number;
  tornTail: boolean;
}

/** Parses one line, or undefined when it is not a record of this log. */
export type LineParser<T> = (value: unknown) => T | undefined;

/** Reads every complete line; a broken line anywhere but the end is an error naming the line. */
export function readJsonLog<T>(file: string, parse: LineParser<T>, what: string): JsonLogContents<T> {
  if (!existsSync(file)) return { records: [], validBytes: 0, tornTail: false };
  const bytes = readFileSync(file);
  const lastNewline = bytes.lastIndexOf(0x0a);
  const complete = lastNewline < 0 ? '' : bytes.subarray(0, lastNewline + 1).toString('utf8');
  const records: T[] = [];
  let validBytes = 0;
  let tornTail = lastNewline < bytes.length - 1;
  const lines = complete === '' ? [] : complete.slice(0, -1).split('\n');
  for (const [index, line] of lines.entries()) {
    let parsed: T | undefined;
    try {
      parsed = parse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      // A kill mid-write can only damage the last line; damage before it means the file was edited or corrupted.
      if (index !== lines.length - 1 || tornTail) {
        throw new FileFormatError(file, index + 1, `not a stored ${what}; the run store is damaged (restore it or start a new run)`);
      }
      tornTail = true;
      break;
    }
    records.push(parsed);
    validBytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  return { records, validBytes, tornTail };
}

export interface JsonLogWriter<T> {
  /** Writes the line at once (a SIGKILL after this cannot lose it) and schedules its fsync. */
  append(record: T): void;
  /** Waits for the last fsync, then closes the file. */
  close(): Promise<void>;
}

/**
 * Opens the log for appending after cutting off a torn tail left by a kill. Each line is written
 * whole with one write() on an O_APPEND descriptor, so once append() returns the record survives a
 * killed process. fsync, which also survives a power cut, runs in the background as a group commit:
 * one in flight at a time, covering every line written before it started, so a 3 ms disk flush never
 * blocks the event loop between records.
 */
export function openJsonLog<T>(file: string, parse: LineParser<T>, what: string): JsonLogWriter<T> {
  const { validBytes, tornTail } = readJsonLog(file, parse, what);
  const fd = openSync(file, 'a');
  if (tornTail) {
    ftruncateSync(fd, validBytes);
    fsyncSync(fd);
  }
  let open = true;
  let syncing: Promise<void> | undefined;
  let dirty = false;
  let syncError: Error | undefined;
  const sync = (): void => {
    dirty = false;
    syncing = new Promise<void>((resolve) =>
      fsync(fd, (error) => {
        if (error) syncError = error;
        syncing = undefined;
        if (dirty) sync();
        resolve();
      }),
    );
  };
  return {
    append(record) {
      if (!open) throw new Error(`${what} log is closed`);
      if (syncError !== undefined) throw syncError;
      writeSync(fd, `${JSON.stringify(record)}\n`);
      dirty = true;
      if (syncing === undefined) sync();
    },
    async close() {
      if (!open) return;
      open = false;
      // Each finished fsync may start another for lines written meanwhile; wait for the chain.
      for (let pending = syncing; pending !== undefined; pending = syncing) await pending;
      if (dirty) fsyncSync(fd);
      closeSync(fd);
      if (syncError !== undefined) throw syncError;
    },
  };
}
