/** The run's samples (`samples.jsonl`): a crash-safe JSON log (json-log.ts) of StoredSample lines. */
import { openJsonLog, readJsonLog, type JsonLogWriter } from './json-log.js';
import type { StoredSample } from './stored-sample.js';

export interface SampleLogContents {
  samples: StoredSample[];
  /** Byte length of the complete lines; anything after it is a torn tail. */
  validBytes: number;
  tornTail: boolean;
}

function parseSample(value: unknown): StoredSample | undefined {
  const v = value as Partial<StoredSample> | null;
  if (typeof v !== 'object' || v === null || typeof v.question !== 'string' || !Number.isInteger(v.index) || typeof v.text !== 'string') return undefined;
  return v as StoredSample;
}

/** Reads every complete sample line; a broken line anywhere but the end is an error naming the line. */
export function readSampleLog(file: string): SampleLogContents {
  const { records, validBytes, tornTail } = readJsonLog(file, parseSample, 'sample');
  return { samples: records, validBytes, tornTail };
}

export type SampleLogWriter = JsonLogWriter<StoredSample>;

/** Opens the log for appending after cutting off a torn tail left by a kill. */
export const openSampleLog = (file: string): SampleLogWriter => openJsonLog(file, parseSample, 'sample');
