/**
 * Stop rules on recorded samples, with simulated time: every question of a pool is replayed in seeded
 * orders at each concurrency (src/eval/simulate-stopping.ts), every strategy decides from the samples
 * that finished, and rows report accuracy, tokens and token-time latency against majority of all
 * samples. One rule instance serves the questions of a trial in pool order, as in a real run, so a
 * rule that learns across a run (auto) learns here too. Draws are those of `evaluatePool`'s trials.
 */
import { InvalidInputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import type { StopRule } from '../stopping/stop-rule.js';
import { majority } from '../strategies/majority.js';
import type { Strategy, StrategyContext } from '../strategies/strategy.js';
import { gradeDecision, type EvalQuestion, type SampleBudget } from './eval-question.js';
import { RowAccumulator, type EvalRow } from './row-accumulator.js';
import { drawSamples } from './simulate-question.js';
import { simulateStopping } from './simulate-stopping.js';

export interface StoppingEvalOptions {
  questions: readonly EvalQuestion[];
  strategies: readonly Strategy[];
  /** Makes a fresh rule; one is made per trial and concurrency. */
  makeRule: () => StopRule;
  concurrency: readonly number[];
  /** Seeded orders per question. */
  seeds: number;
  seed?: number;
  /** Most samples per question. Default: the whole pool. */
  maxSamples?: SampleBudget;
  onProgress?: (done: number, total: number) => void;
}

export interface StoppingRow extends EvalRow {
  concurrency: number;
  /** Tokens of majority over all samples ÷ tokens used (cancelled partial tokens included); null without token counts. */
  tokenSaving: number | null;
  /** Mean token-time per question from the first request to the decision; null without token counts. */
  latencyTokens: number | null;
  /** Majority over all samples, ties credited 1/#tied, percent. */
  baselineAccuracy: number;
  /** `accuracy` minus `baselineAccuracy`, percentage points. */
  accuracyGapPt: number;
}

export async function evaluateStopping(options: StoppingEvalOptions): Promise<StoppingRow[]> {
  const base = options.seed ?? 0;
  const questions = options.questions.filter((q) => q.gold !== null);
  if (questions.length === 0) throw new InvalidInputError('no question has a gold answer, so nothing can be graded');
  if (options.strategies.length === 0) throw new InvalidInputError('no strategy to evaluate; name at least one');
  for (const c of options.concurrency) {
    if (!Number.isInteger(c) || c < 1) throw new InvalidInputError(`concurrency must be a positive integer, got ${String(c)}`);
  }
  const tokensKnown = questions.every((q) => q.tokensKnown);
  const baseline = await majorityOfAll(questions);
  const total = options.concurrency.length * options.seeds * questions.length;
  const budget = options.maxSamples ?? 'all';
  const rows: StoppingRow[] = [];
  let done = 0;
  for (const concurrency of options.concurrency) {
    const rule = options.makeRule();
    const cells = options.strategies.map(
      (s) => new RowAccumulator({ strategy: s.name, stop: rule.name, n: budget }, questions.length, options.seeds, tokensKnown),
    );
    let tokens = 0;
    let latency = 0;
    for (let trial = 0; trial < options.seeds; trial++) {
      const seed = deriveSeed(base, 'trial', trial);
      const trialRule = trial === 0 ? rule : options.makeRule();
      for (const [qi, question] of questions.entries()) {
        const result = simulateStopping({
          pool: drawSamples(question, question.samples.length, seed),
          rule: trialRule,
          answerKind: question.answerKind,
          concurrency,
          ...(budget === 'all' ? {} : { maxSamples: budget }),
        });
        tokens += result.tokens;
        latency += result.latency;
        const context: StrategyContext = { answerKind: question.answerKind, seed: deriveSeed(seed, question.id, 'strategy') };
        if (question.prompt !== undefined) context.prompt = question.prompt;
        for (const [si, strategy] of options.strategies.entries()) {
          const decision = await strategy.aggregate(result.samples, context);
          cells[si]?.add(trial, qi, decision, result.started, gradeDecision(decision, question));
        }
        options.onProgress?.(++done, total);
      }
    }
    const trials = options.seeds * questions.length;
    for (const cell of cells) {
      const row = cell.row(deriveSeed(base, 'bootstrap'));
      rows.push({
        ...row,
        concurrency,
        tokenSaving: tokensKnown && tokens > 0 ? (baseline.tokens * options.seeds) / tokens : null,
        latencyTokens: tokensKnown ? latency / trials : null,
        baselineAccuracy: baseline.accuracy,
        accuracyGapPt: row.accuracy - baseline.accuracy,
      });
    }
  }
  return rows;
}

/** Majority over every sample of each question (ties credited 1/#tied) and the tokens that costs. */
async function majorityOfAll(questions: readonly EvalQuestion[]): Promise<{ accuracy: number; tokens: number }> {
  let credit = 0;
  let tokens = 0;
  for (const q of questions) {
    const decision = await majority().aggregate(q.samples, { answerKind: q.answerKind, seed: 0 });
    credit += gradeDecision(decision, q).tieCredit;
    tokens += q.samples.reduce((sum, s) => sum + s.tokens, 0);
  }
  return { accuracy: (100 * credit) / questions.length, tokens };
}
