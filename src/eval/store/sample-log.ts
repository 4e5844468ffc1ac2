/** The run's samples (`samples.jsonl`): a crash-safe JSON log (json-log.ts) of stored-sample lines. */
import { parseWith, type JsonLine } from '../../recordings/json-lines.js';
import { fromEarlierLayout, storedSampleSchema, type StoredSample } from '../../recordings/stored-sample.js';
import { openJsonLog, readJsonLog, type JsonLogWriter } from './json-log.js';

export interface SampleLogContents {
  samples: StoredSample[];
  /** Byte length of the complete lines; anything after it is a torn tail. */
  validBytes: number;
  tornTail: boolean;
}

/** A line as a stored sample (earlier layouts brought up to date), validated and kept as written: what is read is what was appended. */
export function readStoredSample(at: JsonLine): StoredSample {
  const line = fromEarlierLayout(at.value);
  parseWith(storedSampleSchema, line, at, 'stored sample');
  return line as StoredSample;
}

export function readSampleLog(file: string): SampleLogContents {
  const { records, validBytes, tornTail } = readJsonLog(file, readStoredSample);
  return { samples: records, validBytes, tornTail };
}

export type SampleLogWriter = JsonLogWriter<StoredSample>;

/** Opens the log for appending after cutting off a torn tail left by a kill. */
export const openSampleLog = (file: string): SampleLogWriter => openJsonLog(file, readStoredSample, 'sample');
