import { FileFormatError } from '../../core/errors.js';
import { toyArithAnswers } from '../../answers/toy-arith.js';
import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';


/** toy-arith problems: the raw prompt is the `question` field itself, generation stops at the newline. */
const toyArith = (split: 'dev' | 'test'): Benchmark => ({
  name: `toy-arith-${split}`,
  file: ['models', 'toy-arith', `${split}.jsonl`],
  kind: toyArithAnswers.name,
  template: '{question}',
  stop: ['\n'],
  read: (file) =>
    readJsonl(file).map(({ line, value }) => {
      if (!Number.isInteger(value['answer'])) throw new FileFormatError(file, line, 'field "answer" must be an integer');
      return {
        id: requireText(file, line, value, 'id'),
        question: requireText(file, line, value, 'question'),
        answer: String(value['answer']),
      };
    }),
});

export const toyArithDev = toyArith('dev');
export const toyArithTest = toyArith('test');
