/**
 * Accuracy against compute on recorded samples: for every sample budget N, every seed and every
 * question, draw N samples once and let every strategy decide from that same draw (common random
 * numbers: differences between strategies are not subsampling noise), then grade and summarise.
 */
import { InvalidInputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import type { Strategy } from '../strategies/strategy.js';
import { correctSamples, gradeDecision, isGradable, type EvalQuestion, type SampleBudget } from './eval-question.js';
import { coverageAt } from './metrics/pass-at-k.js';
import { RowAccumulator, type EvalRow } from './row-accumulator.js';
import { simulateQuestion } from './simulate-question.js';

export interface EvaluateOptions {
  /** The pool; questions without a gold answer are skipped (they cannot be graded). */
  questions: readonly EvalQuestion[];
  /** Strategies to compare over the same draws; names must be distinct. */
  strategies: readonly Strategy[];
  /** Sample budgets; `all` means every sample of the pool, in recorded order. */
  ns: readonly SampleBudget[];
  /** Seeded draws per finite N (`all` is deterministic and runs once). */
  seeds: number;
  /** Base seed of every draw and of the bootstrap. Default 0. */
  seed?: number;
  /** Called after each (N, seed, question) trial with trials done and the total. */
  onProgress?: (done: number, total: number) => void;
}

export async function evaluatePool(options: EvaluateOptions): Promise<EvalRow[]> {
  validate(options);
  const base = options.seed ?? 0;
  const questions = options.questions.filter(isGradable);
  const tokensKnown = questions.every((q) => q.tokensKnown);
  const trialsOf = (n: SampleBudget): number => (n === 'all' ? 1 : options.seeds);
  const total = options.ns.reduce<number>((sum, n) => sum + trialsOf(n) * questions.length, 0);
  let done = 0;

  const cells = options.ns.map((n) =>
    options.strategies.map(
      (s) => new RowAccumulator({ strategy: s.name, stop: 'fixed', n }, questions.length, trialsOf(n), tokensKnown),
    ),
  );
  for (const [ni, n] of options.ns.entries()) {
    for (let trial = 0; trial < trialsOf(n); trial++) {
      const seed = deriveSeed(base, 'trial', trial);
      for (const [qi, question] of questions.entries()) {
        const { samples, decisions } = await simulateQuestion(question, { budget: n, seed, strategies: options.strategies });
        decisions.forEach((decision, si) => {
          cells[ni]![si]!.add(trial, qi, decision, samples.length, gradeDecision(decision, question));
        });
        options.onProgress?.(++done, total);
      }
    }
  }
  // Coverage depends on the pool and N only: the same for every strategy of a row.
  const counts = questions.map((q) => ({ n: q.samples.length, correct: correctSamples(q) }));
  const coverage = options.ns.map((n) => 100 * coverageAt(counts, n));
  // Rows grouped by strategy, then by N in the order asked.
  return options.strategies.flatMap((_, si) => cells.map((row, ni) => ({ ...row[si]!.row(deriveSeed(base, 'bootstrap')), passAtN: coverage[ni]! })));
}

function validate(options: EvaluateOptions): void {
  if (options.strategies.length === 0) throw new InvalidInputError('no strategy to evaluate; name at least one');
  const names = options.strategies.map((s) => s.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new InvalidInputError(`strategy "${repeated}" is listed twice; list each once`);
  if (options.ns.length === 0) throw new InvalidInputError('no sample budget N given; e.g. 1,4,16,all');
  for (const n of options.ns) {
    if (n !== 'all' && !(Number.isInteger(n) && n >= 1)) {
      throw new InvalidInputError(`sample budget ${String(n)} is not a positive integer or "all"`);
    }
  }
  if (!(Number.isInteger(options.seeds) && options.seeds >= 1)) {
    throw new InvalidInputError(`seeds must be a positive integer, got ${String(options.seeds)}`);
  }
  if (!options.questions.some(isGradable)) {
    throw new InvalidInputError('no question has a gold answer, so nothing can be graded');
  }
}
