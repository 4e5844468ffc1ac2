/**
 * solve() with self-feedback: the chosen loop (feedback/loops) runs as one staged flow on the
 * scheduler — solutions, checks, critiques and revisions under the one token budget, with the caller's
 * signal, each call reported as a `stage` event — and the decision counts every call.
 */
import type { Backend } from '../backends/backend.js';
import { InvalidInputError } from '../core/errors.js';
import type { Decision, Sample, StopInfo } from '../core/types.js';
import { addUsage, emptyUsage } from '../core/usage.js';
import { resolveTemplates, resolveVerifier, type FeedbackOptions } from '../feedback/feedback-options.js';
import type { LoopInput } from '../feedback/loops/loop-input.js';
import { magicore } from '../feedback/loops/magicore.js';
import type { LoopOutcome, Transition } from '../feedback/loops/outcome.js';
import { refinedSolutions, verifiedSolutions, type SampledOutcome } from '../feedback/loops/sampled.js';
import { solveDetectVerify } from '../feedback/loops/solve-detect-verify.js';
import type { Staged } from '../feedback/staged.js';
import type { CheckFailure } from '../core/check.js';
import { makeDecision } from '../strategies/decision.js';
import type { Strategy } from '../strategies/strategy.js';
import { runStagedLive } from './run-staged.js';
import type { SolveOptions, SolveResult } from './solve.js';

/** What the loop did, beside the decision. */
export interface FeedbackReport {
  method: FeedbackOptions['method'];
  /** The solutions the answer was decided from (final versions, with their checks). */
  finals: Sample[];
  /** Per refine round, each solution's answer before and after. */
  transitions: Transition[];
  /** Every output that could not be read (failed checks, failed revisions). */
  failures: CheckFailure[];
  route?: 'easy' | 'hard';
}

export type Tagged = { kind: 'loop'; outcome: LoopOutcome } | { kind: 'sampled'; outcome: SampledOutcome };

/** The loop a feedback option asks for, over `n` solutions (the budget of solve-detect-verify, k of MAgICoRe). */
export function* feedbackProcedure(input: LoopInput, feedback: FeedbackOptions, n: number): Staged<Tagged> {
  switch (feedback.method) {
    case 'verify':
      return { kind: 'sampled', outcome: yield* verifiedSolutions(input, n) };
    case 'refine':
      return { kind: 'sampled', outcome: yield* refinedSolutions(input, n, feedback) };
    case 'solve-detect-verify':
      return { kind: 'loop', outcome: yield* solveDetectVerify(input, n, feedback) };
    case 'magicore':
      return { kind: 'loop', outcome: yield* magicore(input, { ...feedback, k: n }) };
  }
}

/** The loop's input from solve()'s options. */
export function loopInput(options: SolveOptions, feedback: FeedbackOptions): LoopInput {
  const input: LoopInput = {
    prompt: options.prompt,
    answerKind: options.answerKind,
    verifier: resolveVerifier(feedback.verifier),
    templates: resolveTemplates(feedback.templates),
    seed: options.seed,
    sampling: { ...options.sampling },
  };
  if (feedback.greedyFirst === true) input.greedyFirst = true;
  // A confidence floor reads the solutions' token logprobs.
  if (options.logprobs === true || (feedback.method === 'solve-detect-verify' && feedback.minMeanLogprob !== undefined)) input.logprobs = true;
  if (options.topLogprobs !== undefined) input.topLogprobs = options.topLogprobs;
  return input;
}

/** A decision from a finished loop: its own for solve-detect-verify and MAgICoRe, the strategy's over the final solutions otherwise. */
export async function feedbackDecision(tagged: Tagged, strategy: Strategy, context: Parameters<Strategy['aggregate']>[1]): Promise<Decision> {
  const { answerKind } = context;
  if (tagged.kind === 'loop') {
    const o = tagged.outcome;
    return {
      ...makeDecision({ strategy: o.method, samples: o.finals, answers: answerKind, votes: o.votes, answer: o.answer, confidence: o.confidence, confidenceKind: o.confidenceKind, abstainBelow: 0 }),
      usage: o.usage,
    };
  }
  const o = tagged.outcome;
  const decided = await strategy.aggregate(o.finals, context);
  // The strategy's own model calls (p-true, usc, gsa) come on top of everything the loop spent.
  const own = strategy.callsModel ? subtract(decided.usage, addUsage(emptyUsage(), ...o.finals.map((s) => s.usage))) : emptyUsage();
  const decision: Decision = { ...decided, usage: addUsage(o.usage.usage, own) };
  // A vote over one solution says nothing; the loop's own confidence in it does.
  if (o.finals.length === 1 && decision.answer !== null) return { ...decision, confidence: o.confidences[0] ?? 0, confidenceKind: 'probability' };
  return decision;
}

const subtract = (a: Decision['usage'], b: Decision['usage']): Decision['usage'] => ({
  promptTokens: a.promptTokens - b.promptTokens,
  completionTokens: a.completionTokens - b.completionTokens,
  calls: a.calls - b.calls,
});

export function feedbackReport(tagged: Tagged, method: FeedbackOptions['method']): FeedbackReport {
  const o = tagged.outcome;
  const report: FeedbackReport = { method, finals: o.finals, transitions: o.transitions, failures: o.failures };
  if (tagged.kind === 'loop' && tagged.outcome.route !== undefined) report.route = tagged.outcome.route;
  return report;
}

export async function solveWithFeedback(options: SolveOptions & { feedback: FeedbackOptions }, backend: Backend = options.backend): Promise<SolveResult> {
  if (options.stopRule !== undefined) {
    throw new InvalidInputError(`a stop rule and self-feedback (${options.feedback.method}) cannot be combined: the loop decides when to stop; drop one`);
  }
  if (!Number.isInteger(options.maxSamples) || options.maxSamples < 1) throw new InvalidInputError(`maxSamples must be a positive integer, got ${String(options.maxSamples)}`);
  const input = loopInput(options, options.feedback);
  const need = input.verifier.needsTopLogprobs;
  if (need > 0 && backend.capabilities.topLogprobs < need) {
    throw new InvalidInputError(`verifier ${input.verifier.name} reads top logprobs, which ${backend.id} cannot return; use a backend with top logprobs or another verifier`);
  }
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { onEvent } = options;
  const run = await runStagedLive(feedbackProcedure(input, options.feedback, options.maxSamples), {
    backend,
    concurrency: options.concurrency ?? 4,
    maxTotalTokens: options.maxTotalTokens,
    signal: options.signal,
    now,
    name: options.feedback.method,
    onCall: (call, sample) => onEvent?.({ type: 'stage', stage: call.stage, sample }),
  });
  onEvent?.({ type: 'stop', rule: run.stop.rule, reason: run.stop.reason });
  const context = { answerKind: options.answerKind, seed: options.seed, prompt: options.prompt, backend, ...(options.signal && { signal: options.signal }) };
  const decision: Decision = { ...(await feedbackDecision(run.result, options.strategy, context)), stop: run.stop as StopInfo };
  onEvent?.({ type: 'decision', decision });
  const all = run.result.kind === 'loop' ? run.result.outcome.samples : run.result.outcome.samples;
  return { ...decision, samples: all, elapsedMs: now() - started, feedback: feedbackReport(run.result, options.feedback.method) };
}
