/**
 * Self-evaluation: a verifier is the model judging one of its own samples (a program that grades an
 * answer is a checker, in src/answers). Every verifier has this one interface; each lives in its own
 * file under verifiers/. A check is a staged procedure (staged.ts): the driver makes its calls through
 * the backend and its usage is summed into the Check.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Check, CheckFailure, Critique, StepVerdict } from '../core/check.js';
import type { Prompt, Sample } from '../core/types.js';
import { addUsage, emptyUsage } from '../core/usage.js';
import type { Staged } from './staged.js';
import type { TemplateSet } from './templates/template-set.js';

export interface CheckInput {
  /** The question as it was asked. */
  prompt: Prompt;
  /** The sample judged; its `index` links the check to it. */
  sample: Sample;
  answerKind: AnswerKind;
  templates: TemplateSet;
  /** Other samples of the question shown as brainstormed ideas (P(True)'s brainstorm variant). */
  ideas?: readonly string[];
}

export interface Verifier {
  readonly name: string;
  /** Whether a check makes model calls (`score` reads a number already on the sample). */
  readonly callsModel: boolean;
  /** Top logprobs the backend must return for the verdict (P(True)); 0 when none are needed. */
  readonly needsTopLogprobs: number;
  check(input: CheckInput): Staged<Check>;
}

/** Builds a Check from what a verifier found, summing its calls' usage. */
export function makeCheck(
  verifier: string,
  sample: Sample,
  calls: readonly Sample[],
  found: { score: number; passed: boolean; failures?: readonly CheckFailure[]; critique?: Critique; steps?: StepVerdict[]; failed?: boolean },
): Check {
  const failures = found.failures ?? [];
  const failed = found.failed ?? false;
  const check: Check = {
    verifier,
    sample: sample.index,
    status: failed ? 'failed' : 'judged',
    score: failed ? 0 : found.score,
    passed: failed ? false : found.passed,
    usage: calls.length === 0 ? emptyUsage() : addUsage(...calls.map((c) => c.usage)),
  };
  if (failures.length > 0) check.failures = [...failures];
  if (found.critique !== undefined) check.critique = found.critique;
  if (found.steps !== undefined) check.steps = found.steps;
  return check;
}

/** A sample with nothing to judge (failed, cancelled or without an answer) gets a failed check and no calls. */
export function unjudgeable(verifier: string, sample: Sample): Check | undefined {
  if (sample.status !== 'ok') return makeCheck(verifier, sample, [], { score: 0, passed: false, failed: true, failures: [{ reason: sample.status === 'aborted' ? 'aborted' : 'error', detail: 'the sample itself did not finish' }] });
  if (sample.answer === null) return makeCheck(verifier, sample, [], { score: 0, passed: false, failed: true, failures: [{ reason: 'no-answer', detail: 'the sample has no answer to check' }] });
  return undefined;
}

/** The latest check of a sample by this verifier (a re-check after a revision comes later). */
export const checkBy = (sample: Sample, verifier: string): Check | undefined => sample.checks?.findLast((c) => c.verifier === verifier);

/** The sample with one more check attached. */
export const withCheck = (sample: Sample, check: Check): Sample => ({ ...sample, checks: [...(sample.checks ?? []), check] });
