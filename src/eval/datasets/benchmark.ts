/** What every benchmark loader declares: where its file is, how it is graded and prompted, how to read it. */
import type { AnswerKind } from '../../answers/answer-kind.js';
import type { DatasetItem } from './dataset.js';

export interface Benchmark {
  name: string;
  /** Path of the source file relative to the shared folder. */
  file: string[];
  kind: string;
  /** The dataset's own grading rule, when it is not a registered answer kind. */
  answers?: AnswerKind;
  template: string;
  stop?: string[];
  /** Reads the source file into items; errors name the file and line. */
  read(file: string): DatasetItem[];
}
