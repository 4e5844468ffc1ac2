import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';
import { MATH_TEMPLATE } from './templates.js';

/** MATH-500 (PRM800K split): LaTeX gold answers, ids are the source `unique_id`. */
export const math500: Benchmark = {
  name: 'math500',
  file: ['data', 'benchmarks', 'math500.test.jsonl'],
  kind: 'math',
  template: MATH_TEMPLATE,
  read: (file) =>
    readJsonl(file).map(({ line, value }) => ({
      id: requireText(file, line, value, 'unique_id'),
      question: requireText(file, line, value, 'problem'),
      answer: requireText(file, line, value, 'answer'),
    })),
};
