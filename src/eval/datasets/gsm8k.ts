import { FileFormatError } from '../../core/errors.js';
import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';
import { MATH_TEMPLATE } from './templates.js';

/** GSM8K test: the gold answer is the text after `####`, with thousands separators removed. */
export const gsm8k: Benchmark = {
  name: 'gsm8k',
  file: ['data', 'benchmarks', 'gsm8k.test.jsonl'],
  kind: 'math',
  template: MATH_TEMPLATE,
  read: (file) =>
    readJsonl(file).map(({ line, value }, index) => {
      const solution = requireText(file, line, value, 'answer');
      const marker = solution.lastIndexOf('####');
      if (marker < 0) throw new FileFormatError(file, line, 'answer has no "####" final-answer marker');
      return {
        id: `gsm8k-${index}`,
        question: requireText(file, line, value, 'question'),
        answer: solution.slice(marker + 4).trim().replaceAll(',', ''),
      };
    }),
};
