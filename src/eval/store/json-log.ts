/**
 * The crash-safe heart of a run: an append-only JSONL file with one line per record, each written whole
 * and then fsync'd. A kill can at worst tear the line being written; reading drops such a torn last
 * line and re-opening cuts it off, so that record is simply made again. Samples and feedback calls are
 * both stored this way, read through the one JSONL reader and checked by their schema.
 */
import { closeSync, existsSync, fsync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { FileFormatError } from '../../core/errors.js';
import { parseJsonLine, type JsonLine } from '../../recordings/json-lines.js';

export interface JsonLogContents<T> {
  records: T[];
  /** Byte length of the complete lines; anything after it is a torn tail. */
  validBytes: number;
  tornTail: boolean;
}

/** Checks one JSON line against the log's schema; throws a FileFormatError naming the field when it is not a record. */
export type LineReader<T> = (at: JsonLine) => T;

/**
 * Reads every complete line. A line that is not JSON is a torn tail when it is the last one (a kill
 * mid-write); anywhere else, or a JSON line that is not a record, is an error naming the line and field.
 */
export function readJsonLog<T>(file: string, read: LineReader<T>): JsonLogContents<T> {
  if (!existsSync(file)) return { records: [], validBytes: 0, tornTail: false };
  const bytes = readFileSync(file);
  const lastNewline = bytes.lastIndexOf(0x0a);
  const complete = lastNewline < 0 ? '' : bytes.subarray(0, lastNewline + 1).toString('utf8');
  const records: T[] = [];
  let validBytes = 0;
  let tornTail = lastNewline < bytes.length - 1;
  const lines = complete === '' ? [] : complete.slice(0, -1).split('\n');
  for (const [index, line] of lines.entries()) {
    let at: JsonLine | undefined;
    try {
      at = parseJsonLine(file, index + 1, line);
    } catch (error) {
      // A kill mid-write can only damage the last line; damage before it means the file was edited or corrupted.
      if (index !== lines.length - 1 || tornTail) throw damaged(error as FileFormatError);
      tornTail = true;
      break;
    }
    if (at !== undefined) {
      try {
        records.push(read(at));
      } catch (error) {
        throw error instanceof FileFormatError ? damaged(error) : error;
      }
    }
    validBytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  return { records, validBytes, tornTail };
}

const damaged = (error: FileFormatError): FileFormatError =>
  new FileFormatError(error.file, error.line, `${error.detail}; the run store is damaged (restore it or start a new run)`, { cause: error });

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
export function openJsonLog<T>(file: string, read: LineReader<T>, what: string): JsonLogWriter<T> {
  const { validBytes, tornTail } = readJsonLog(file, read);
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
