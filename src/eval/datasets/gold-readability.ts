/**
 * Whether a benchmark's gold answers work with the answer kind its loader names: each gold must be
 * readable by the kind, and a sample that states it — boxed, or after "The answer is" — must be graded
 * right. Where the benchmark ships a worked solution (MATH-500, GSM8K), the answer read from the
 * solution must match too. docs/answers.md shows the table; bench/gold-answers.ts prints it.
 */
import path from 'node:path';
import { readGold } from '../../answers/gold.js';
import type { Benchmark } from './benchmark.js';
import { resolveAnswerKind } from './answer-kinds.js';
import { readJsonl } from './read-lines.js';

export interface GoldReadability {
  benchmark: string;
  kind: string;
  golds: number;
  /** Golds the kind reads. */
  readable: number;
  /** Golds that a sample writing `\boxed{gold}` gets right, and one writing `The answer is gold.`. */
  boxedRight: number;
  phraseRight: number;
  /** Benchmarks with worked solutions: solutions whose own answer is graded right. */
  solutionsRight?: number;
  /** Ids of golds that failed any check, with the check (at most 10). */
  failures: string[];
}

/** Solution texts by item index, for the benchmarks that ship them. */
const SOLUTION_FIELDS: Record<string, string> = { math500: 'solution', gsm8k: 'answer' };

export function goldReadability(benchmark: Benchmark, sharedDir: string): GoldReadability {
  const file = path.join(sharedDir, ...benchmark.file);
  const items = benchmark.read(file);
  const kind = resolveAnswerKind(benchmark.kind);
  const solutionField = SOLUTION_FIELDS[benchmark.name];
  const solutions = solutionField === undefined ? undefined : readJsonl(file).map(({ value }) => String(value[solutionField]));
  const result: GoldReadability = { benchmark: benchmark.name, kind: kind.name, golds: items.length, readable: 0, boxedRight: 0, phraseRight: 0, failures: [] };
  if (solutions !== undefined) result.solutionsRight = 0;
  const gradedRight = (text: string, gold: string): boolean => {
    const answer = kind.extract(text);
    return answer !== null && kind.equivalent(answer, gold);
  };
  items.forEach((item, index) => {
    const gold = readGold(kind, item.answer);
    const failed = (check: string): void => {
      if (result.failures.length < 10) result.failures.push(`${item.id} (${check}: ${JSON.stringify(item.answer)})`);
    };
    if (gold === null) return failed('unreadable');
    result.readable++;
    if (gradedRight(`\\boxed{${item.answer}}`, gold)) result.boxedRight++;
    else failed('boxed');
    if (gradedRight(`The answer is ${item.answer}.`, gold)) result.phraseRight++;
    else failed('phrase');
    const solution = solutions?.[index];
    if (solution !== undefined && result.solutionsRight !== undefined) {
      if (gradedRight(solution, gold)) result.solutionsRight++;
      else failed('solution');
    }
  });
  return result;
}
