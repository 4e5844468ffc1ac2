/**
 * Self-feedback loops evaluated on recordings: each (method, seed, question) trial runs the loop's own
 * flow on the scheduler's virtual driver, its calls answered from the recording (recorded-replies.ts),
 * and is graded like any decision. Draws use the same seeded order as `evaluatePool`, so a loop's first
 * N solutions are majority@N's draw. Rows add what loops cost beyond tokens — calls, unreadable outputs
 * — and per refine round the transition table.
 */
import { InvalidInputError } from '../core/errors.js';
import type { Prompt } from '../core/types.js';
import { deriveSeed } from '../core/rng.js';
import type { FeedbackOptions } from '../feedback/feedback-options.js';
import type { Transition } from '../feedback/loops/outcome.js';
import { feedbackDecision, feedbackProcedure, loopInput } from '../engine/solve-feedback.js';
import { runStagedVirtual } from '../engine/run-staged.js';
import type { Strategy } from '../strategies/strategy.js';
import { gradeDecision, isCorrectAnswer, type EvalQuestion } from './eval-question.js';
import { recordedReplies } from './recorded-replies.js';
import { RowAccumulator, type EvalRow } from './row-accumulator.js';
import { drawSamples } from './simulate-question.js';

export interface FeedbackMethod {
  /** The row's name. */
  name: string;
  feedback: FeedbackOptions;
  /** Solutions: the vote's size, solve-detect-verify's budget, MAgICoRe's k. */
  n: number;
  /** Decides from the final solutions of `verify` and `refine`. */
  strategy: Strategy;
}

/** Per refine round: of the solutions right before it, the share still right, and so on. */
export interface TransitionRates {
  round: number;
  rightToRight: number;
  wrongToRight: number;
  rightToWrong: number;
  /** Solutions counted: right before, wrong before. */
  right: number;
  wrong: number;
}

export interface FeedbackEvalRow extends EvalRow {
  callsPerQuestion: number;
  promptTokensPerQuestion: number;
  /** Unreadable outputs (failed checks, failed revisions) per question. */
  failuresPerQuestion: number;
  transitions: TransitionRates[];
}

export interface EvaluateFeedbackOptions {
  questions: readonly EvalQuestion[];
  methods: readonly FeedbackMethod[];
  seeds: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function evaluateFeedback(options: EvaluateFeedbackOptions): Promise<FeedbackEvalRow[]> {
  const base = options.seed ?? 0;
  const questions = options.questions.filter((q) => q.gold !== null);
  const missing = questions.find((q) => q.prompt === undefined);
  if (missing !== undefined) {
    throw new InvalidInputError(`question ${missing.id} has no recorded prompt, so its loop calls cannot be replayed; for toy-arith-sf records pass the problems (--prompts models/toy-arith/dev.jsonl)`);
  }
  const total = options.methods.length * options.seeds * questions.length;
  let done = 0;
  const rows: FeedbackEvalRow[] = [];
  for (const method of options.methods) {
    if (method.strategy.callsModel) throw new InvalidInputError(`${method.strategy.name} asks the model again, so it cannot decide loops replayed from a recording; pick an answer-level strategy`);
    const cell = new RowAccumulator({ strategy: method.name, stop: 'fixed', n: method.n }, questions.length, options.seeds, questions.every((q) => q.tokensKnown));
    let calls = 0;
    let promptTokens = 0;
    let failures = 0;
    const counts: TransitionCounts = new Map();
    for (let trial = 0; trial < options.seeds; trial++) {
      const seed = deriveSeed(base, 'trial', trial);
      for (const [qi, question] of questions.entries()) {
        const order = drawSamples(question, question.samples.length, seed);
        const loopSeed = deriveSeed(seed, question.id, 'loop');
        const input = loopInput(
          { backend: undefined as never, prompt: question.prompt as Prompt, answerKind: question.answerKind, strategy: method.strategy, maxSamples: method.n, seed: loopSeed },
          method.feedback,
        );
        const run = runStagedVirtual(feedbackProcedure(input, method.feedback, method.n), { replyOf: recordedReplies(question, order, loopSeed), name: method.feedback.method });
        const decision = await feedbackDecision(run.result, method.strategy, { answerKind: question.answerKind, seed: loopSeed });
        cell.add(trial, qi, decision, run.result.outcome.finals.length, gradeDecision(decision, question));
        calls += decision.usage.calls;
        promptTokens += decision.usage.promptTokens;
        failures += run.result.outcome.failures.length;
        countTransitions(counts, run.result.outcome.transitions, (answer) => isCorrectAnswer(answer, question));
        options.onProgress?.(++done, total);
      }
    }
    const decisions = options.seeds * questions.length;
    rows.push({
      ...cell.row(deriveSeed(base, 'bootstrap')),
      callsPerQuestion: calls / decisions,
      promptTokensPerQuestion: promptTokens / decisions,
      failuresPerQuestion: failures / decisions,
      transitions: transitionTable(counts),
    });
  }
  return rows;
}

/** Per round: solutions right → right, right → wrong, wrong → right, wrong → wrong. */
export type TransitionCounts = Map<number, { rr: number; rw: number; wr: number; ww: number }>;

/** Adds a loop's transitions to the counts, graded by `isRight`. */
export function countTransitions(counts: TransitionCounts, transitions: readonly Transition[], isRight: (answer: string | null) => boolean): void {
  for (const t of transitions) {
    const c = counts.get(t.round) ?? { rr: 0, rw: 0, wr: 0, ww: 0 };
    const before = isRight(t.before);
    const after = isRight(t.after);
    c[before ? (after ? 'rr' : 'rw') : after ? 'wr' : 'ww']++;
    counts.set(t.round, c);
  }
}

export const transitionTable = (counts: TransitionCounts): TransitionRates[] => [...counts.entries()].toSorted(([a], [b]) => a - b).map(([round, c]) => transitionRates(round, c));

function transitionRates(round: number, c: { rr: number; rw: number; wr: number; ww: number }): TransitionRates {
  const right = c.rr + c.rw;
  const wrong = c.wr + c.ww;
  return { round, rightToRight: right === 0 ? Number.NaN : c.rr / right, wrongToRight: wrong === 0 ? Number.NaN : c.wr / wrong, rightToWrong: right === 0 ? Number.NaN : c.rw / right, right, wrong };
}
