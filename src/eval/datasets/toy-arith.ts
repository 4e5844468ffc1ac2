import { FileFormatError } from '../../core/errors.js';
import type { AnswerKind } from '../../answers/answer-kind.js';
import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';

/**
 * The grading rule of the embedded toy-arith model (models/toy-arith/README.md): read the completion
 * up to its first newline and take the integer in "The answer is N". No match is no answer.
 */
export const toyArithAnswers: AnswerKind = {
  name: 'toy-arith',
  extract(text) {
    const firstLine = text.split('\n', 1)[0] ?? '';
    const match = /The answer is (-?\d+)/.exec(firstLine);
    return match === null ? null : canonicalInteger(match[1] as string);
  },
  normalize: (answer) => (/^\s*-?\d+\s*$/.test(answer) ? canonicalInteger(answer.trim()) : null),
  equivalent: (a, b) => a === b,
};

const canonicalInteger = (digits: string): string => String(Number.parseInt(digits, 10));

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
