/**
 * Where an evaluation's question pools come from, kept apart from evaluating them: a recorded file
 * today, a run store (`--run`) tomorrow, each loaded lazily so one bad source does not stop the others.
 */
import { loadSamplePool, type LoadOptions } from '../recordings/load-sample-pool.js';
import type { EvalQuestion } from './eval-question.js';

export interface LoadedPool {
  /** Where the questions came from, as reported in every row (`file`). */
  name: string;
  /** The recording's format (`boinf`, `quorum`, …) or the source kind. */
  format: string;
  questions: EvalQuestion[];
  /** Questions left out because none of their samples is usable (a run whose backend failed them). */
  withoutUsableSample?: number;
}

export interface PoolSource {
  name: string;
  load(): Promise<LoadedPool>;
}

/** One source per recorded-samples file. */
export function sampleFileSources(files: readonly string[], options: LoadOptions): PoolSource[] {
  return files.map((file) => ({
    name: file,
    load: async () => {
      const pool = await loadSamplePool(file, options);
      return { name: file, format: pool.format, questions: pool.questions };
    },
  }));
}
