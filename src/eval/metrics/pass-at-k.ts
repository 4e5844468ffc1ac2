/**
 * Repeated-sampling coverage (Large Language Monkeys, algorithms.md §10a): the unbiased pass@k of
 * Chen et al. per question, and coverage@k — its mean over questions.
 */
import { InvalidInputError } from '../../core/errors.js';

/** P(at least one of k samples drawn without replacement from n is correct), with c of the n correct. */
export function passAtK(n: number, c: number, k: number): number {
  if (!(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k)) || c < 0 || c > n || k < 1 || k > n) {
    throw new InvalidInputError(`pass@k needs integers 0 ≤ c ≤ n and 1 ≤ k ≤ n; got n=${n}, c=${c}, k=${k}`);
  }
  if (n - c < k) return 1;
  // 1 − C(n−c, k)/C(n, k) as a product, which never overflows: 1 − Π_{i=n−c+1}^{n} (1 − k/i).
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/** Per question: samples drawn and how many were correct. */
export interface QuestionCounts {
  n: number;
  correct: number;
}

export interface CoveragePoint {
  k: number;
  /** Fraction of questions solved by at least one of k samples (expected, unbiased). */
  coverage: number;
}

/**
 * Coverage at a sample budget: pass@k per question with k = min(budget, the question's pool) — `all`
 * is the whole pool, solved when any sample is right — averaged over questions (0 for an empty pool).
 */
export function coverageAt(questions: readonly QuestionCounts[], budget: number | 'all'): number {
  if (questions.length === 0) return Number.NaN;
  const solved = (q: QuestionCounts): number => (q.n === 0 ? 0 : passAtK(q.n, q.correct, budget === 'all' ? q.n : Math.min(budget, q.n)));
  return questions.reduce((sum, q) => sum + solved(q), 0) / questions.length;
}

/** Coverage at each k up to the smallest pool size, on a log-spaced grid (1, 2, 4, … and the maximum). */
export function coverageCurve(questions: readonly QuestionCounts[], ks: readonly number[] = logGrid(minPool(questions))): CoveragePoint[] {
  if (questions.length === 0) return [];
  return ks.map((k) => ({ k, coverage: questions.reduce((sum, q) => sum + passAtK(q.n, q.correct, k), 0) / questions.length }));
}

const minPool = (questions: readonly QuestionCounts[]): number => Math.min(...questions.map((q) => q.n));

/** 1, 2, 4, … up to `max`, always ending at `max`. */
export function logGrid(max: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k < max; k *= 2) ks.push(k);
  if (max >= 1) ks.push(max);
  return ks;
}
