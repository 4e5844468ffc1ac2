import { FileFormatError } from '../../core/errors.js';
import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';
import { YES_NO_TEMPLATE } from './templates.js';

/** StrategyQA: boolean gold answers, graded as yes/no. */
export const strategyqa: Benchmark = {
  name: 'strategyqa',
  file: ['data', 'benchmarks', 'strategyqa.test.jsonl'],
  kind: 'yes-no',
  template: YES_NO_TEMPLATE,
  read: (file) =>
    readJsonl(file).map(({ line, value }) => {
      if (typeof value['answer'] !== 'boolean') throw new FileFormatError(file, line, 'field "answer" must be true or false');
      return {
        id: `strategyqa-${requireText(file, line, value, 'id')}`,
        question: requireText(file, line, value, 'question'),
        answer: value['answer'] ? 'yes' : 'no',
      };
    }),
};
