import { FileFormatError } from '../../core/errors.js';
import type { Choice } from './dataset.js';
import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';
import { CHOICE_TEMPLATE } from './templates.js';

/** AQuA-RAT: five options written `A)text`; the gold is the letter in `correct`. */
export const aqua: Benchmark = {
  name: 'aqua',
  file: ['data', 'benchmarks', 'aqua.test.jsonl'],
  kind: 'choice',
  template: CHOICE_TEMPLATE,
  read: (file) =>
    readJsonl(file).map(({ line, value }, index) => {
      const options = value['options'];
      if (!Array.isArray(options)) throw new FileFormatError(file, line, 'field "options" must be a list');
      const choices = options.map((option): Choice => {
        const match = /^\s*([A-Z])\)\s*([\s\S]*)$/.exec(String(option));
        if (match === null) throw new FileFormatError(file, line, `option "${String(option)}" is not written "X)text"`);
        return { label: match[1] as string, text: (match[2] as string).trim() };
      });
      return {
        id: `aqua-${index}`,
        question: requireText(file, line, value, 'question'),
        answer: requireText(file, line, value, 'correct').trim(),
        choices,
      };
    }),
};
