import { FileFormatError } from '../../core/errors.js';
import type { Benchmark } from './benchmark.js';
import { csvRecords } from './csv.js';
import { readText } from './read-lines.js';
import { OPEN_TEMPLATE } from './templates.js';

/**
 * TruthfulQA (generation): open-ended, graded against `Best Answer` as free text. Exact matching of
 * free text is harsh; use a text answer kind that compares meaning when one is registered.
 */
export const truthfulqa: Benchmark = {
  name: 'truthfulqa',
  file: ['data', 'benchmarks', 'truthfulqa.csv'],
  kind: 'text',
  template: OPEN_TEMPLATE,
  read: (file) =>
    csvRecords(readText(file)).map((record, index) => {
      const question = record['Question']?.trim() ?? '';
      const answer = record['Best Answer']?.trim() ?? '';
      if (question === '' || answer === '') {
        throw new FileFormatError(file, undefined, `record ${index + 1} lacks "Question" or "Best Answer"`);
      }
      return { id: `truthfulqa-${index}`, question, answer };
    }),
};
