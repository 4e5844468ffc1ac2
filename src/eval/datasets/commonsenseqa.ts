import { FileFormatError } from '../../core/errors.js';
import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';
import { CHOICE_TEMPLATE } from './templates.js';

/** CommonsenseQA dev: `question.stem` with labelled `question.choices`; the gold is `answerKey`. */
export const commonsenseqa: Benchmark = {
  name: 'commonsenseqa',
  file: ['data', 'benchmarks', 'commonsenseqa.dev.jsonl'],
  kind: 'choice',
  template: CHOICE_TEMPLATE,
  read: (file) =>
    readJsonl(file).map(({ line, value }) => {
      const choices = (value['question'] as { choices?: unknown } | undefined)?.choices;
      if (!Array.isArray(choices)) throw new FileFormatError(file, line, 'field "question.choices" must be a list');
      return {
        id: requireText(file, line, value, 'id'),
        question: requireText(file, line, value, 'question', 'stem'),
        answer: requireText(file, line, value, 'answerKey'),
        choices: choices.map((choice: Record<string, unknown>) => ({
          label: requireText(file, line, choice, 'label'),
          text: requireText(file, line, choice, 'text'),
        })),
      };
    }),
};
