import { FileFormatError } from '../../core/errors.js';
import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';
import { MATH_TEMPLATE } from './templates.js';

/** SVAMP: the question is `Body` followed by `Question`; the gold is a float written as a plain number. */
export const svamp: Benchmark = {
  name: 'svamp',
  file: ['data', 'benchmarks', 'svamp.test.jsonl'],
  kind: 'math',
  template: MATH_TEMPLATE,
  read: (file) =>
    readJsonl(file).map(({ line, value }) => {
      if (typeof value['Answer'] !== 'number') throw new FileFormatError(file, line, 'field "Answer" must be a number');
      const body = requireText(file, line, value, 'Body').trim();
      return {
        id: requireText(file, line, value, 'ID'),
        question: `${body}${body.endsWith('.') ? '' : '.'} ${requireText(file, line, value, 'Question').trim()}`,
        // JSON floats such as 145.0 parse to 145, which prints the way a model writes it.
        answer: String(value['Answer']),
      };
    }),
};
