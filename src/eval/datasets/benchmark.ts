/** What every benchmark loader declares: where its file is, how it is graded and prompted, how to read it. */
import type { DatasetItem } from './dataset.js';

export interface Benchmark {
  name: string;
  /** Path of the source file relative to the shared folder. */
  file: string[];
  kind: string;
  template: string;
  stop?: string[];
  /** Reads the source file into items; errors name the file and line. */
  read(file: string): DatasetItem[];
}
