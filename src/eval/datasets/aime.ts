import type { Benchmark } from './benchmark.js';
import { readJsonl, requireText } from './read-lines.js';
import { MATH_TEMPLATE } from './templates.js';

/** AIME (MathArena packaging): integer answers 0–999. */
const aime = (year: 2024 | 2025): Benchmark => ({
  name: `aime${year}`,
  file: ['data', 'benchmarks', `aime${year}.jsonl`],
  kind: 'math',
  template: MATH_TEMPLATE,
  read: (file) =>
    readJsonl(file).map(({ line, value }) => ({
      id: requireText(file, line, value, 'id'),
      question: requireText(file, line, value, 'problem'),
      answer: requireText(file, line, value, 'answer'),
    })),
});

export const aime2024 = aime(2024);
export const aime2025 = aime(2025);
