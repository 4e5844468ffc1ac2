/**
 * Refine (Self-Refine, algorithms.md §9a, with the verifier as its feedback): solve → check → revise
 * with what the check found → check … for up to `rounds` revisions; a chain stops when its solution
 * passes, when a revision repeats an answer the chain already had, or when nothing usable comes back.
 * With toy-arith-sf's preset a revision continues from the corrected step. The last revision is not
 * checked unless `checkLast`: its confidence is then the share of its steps some check confirmed (the
 * kept steps and the corrected one), or ½ when its verifier judges no steps. Many chains followed by a
 * vote are `refinedVote`.
 */
import type { CheckFailure } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import { verifierScore } from '../../signals/verifier-score.js';
import { inParallel, type Staged } from '../staged.js';
import { splitSteps } from '../steps.js';
import { checkBy, withCheck } from '../verifier.js';
import { asSolution, isUsableSolution, solveCall, type LoopInput } from './loop-input.js';
import { UsageTally, type Transition } from './outcome.js';
import { revise } from './revise.js';

export interface RefineOptions {
  /** Most revisions per solution (R). Default 1. */
  rounds?: number;
  /** Check the last revision too (a confidence for it, at the cost of one more check). Default false. */
  checkLast?: boolean;
}

export interface RefineChain {
  /** The solution the chain ended with. */
  final: Sample;
  /** Its confidence (see the module comment). */
  confidence: number;
  /** The solution and every revision, with their checks. */
  samples: Sample[];
  transitions: Transition[];
  failures: CheckFailure[];
  usage: UsageTally;
}

export function checkRounds(options: RefineOptions): number {
  const rounds = options.rounds ?? 1;
  if (!(Number.isInteger(rounds) && rounds >= 0)) throw new RangeError(`refine: rounds must be a non-negative integer, got ${String(options.rounds)}`);
  return rounds;
}

/**
 * One chain from solution `ordinal`. Revision r of it gets index `firstRevisionIndex + r − 1`, so
 * indices do not depend on which chain finished first.
 */
export function* refineChain(input: LoopInput, ordinal: number, options: RefineOptions, firstRevisionIndex: number): Staged<RefineChain> {
  const rounds = checkRounds(options);
  const usage = new UsageTally();
  const [raw] = yield [solveCall(input, ordinal)];
  let current = asSolution(raw as Sample, ordinal, input);
  usage.add(current.usage);
  const samples: Sample[] = [];
  const transitions: Transition[] = [];
  const failures: CheckFailure[] = [];
  const seen = new Set([current.answer]);
  let confirmedSteps: number | undefined;
  let stopped = !isUsableSolution(current);
  for (let round = 1; round <= rounds; round++) {
    const before = current.answer ?? null;
    if (!stopped) {
      const check = yield* input.verifier.check({ prompt: input.prompt, sample: current, answerKind: input.answerKind, templates: input.templates });
      usage.add(check.usage);
      failures.push(...(check.failures ?? []));
      current = withCheck(current, check);
      if (check.passed || check.status === 'failed') stopped = true;
      else {
        const revision = yield* revise(input, current, check, firstRevisionIndex + round - 1, round);
        usage.add(revision.usage);
        if (revision.failure !== undefined) failures.push(revision.failure);
        if (revision.judgedRight === true || revision.sample === undefined || !isUsableSolution(revision.sample) || revision.failure !== undefined) stopped = true;
        else {
          samples.push(current);
          confirmedSteps = check.critique?.step === undefined ? undefined : check.critique.step + 1;
          current = revision.sample;
          if (seen.has(current.answer)) stopped = true;
          seen.add(current.answer);
        }
      }
    }
    transitions.push({ round, solution: ordinal, before, after: current.answer ?? null });
  }
  if (options.checkLast === true && isUsableSolution(current) && current.checks === undefined && current.revises !== undefined) {
    const check = yield* input.verifier.check({ prompt: input.prompt, sample: current, answerKind: input.answerKind, templates: input.templates });
    usage.add(check.usage);
    failures.push(...(check.failures ?? []));
    current = withCheck(current, check);
  }
  samples.push(current);
  return { final: current, confidence: chainConfidence(current, input.verifier.name, confirmedSteps), samples, transitions, failures, usage };
}

function chainConfidence(final: Sample, verifier: string, confirmedSteps: number | undefined): number {
  if (!isUsableSolution(final)) return 0;
  if (checkBy(final, verifier) !== undefined) return verifierScore(final, verifier) ?? 0;
  if (final.revises === undefined) return 0.5;
  const steps = splitSteps(final.text).length;
  return confirmedSteps === undefined || steps === 0 ? 0.5 : Math.min(1, confirmedSteps / steps);
}

/** `n` chains side by side; chain i starts from solution i, its revisions indexed after all solutions. */
export function refineChains(input: LoopInput, n: number, options: RefineOptions): Staged<RefineChain[]> {
  const rounds = Math.max(1, checkRounds(options));
  return inParallel(Array.from({ length: n }, (_, i) => refineChain(input, i, options, n + i * rounds)));
}
