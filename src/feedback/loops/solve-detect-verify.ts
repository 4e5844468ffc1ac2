/**
 * Solve-detect-verify (Zhong et al. 2025, algorithms.md §9c, with the verifier as its check): solutions
 * one at a time, each checked as soon as it ends; the first that passes is the answer, its check score
 * the confidence. If none passes within the budget, the majority of them, with the mean check score of
 * the winning answer's solutions as confidence. A solution that did not finish (the token budget or a
 * cancellation ended it) ends the loop. With `minMeanLogprob`, a solution is accepted only when it also
 * is confident: its mean token logprob (the model's own confidence, needs logprobs) is at least that.
 */
import type { CheckFailure } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import { meanLogprob } from '../../signals/logprob.js';
import { verifierScore } from '../../signals/verifier-score.js';
import { tallyVotes } from '../../strategies/vote-table.js';
import type { Staged } from '../staged.js';
import { checkedSolution, isUsableSolution, type LoopInput } from './loop-input.js';
import { UsageTally, type LoopOutcome } from './outcome.js';

export interface SolveDetectVerifyOptions {
  /** Accept a passing solution only when its mean token logprob is at least this (e.g. −0.05). Default: any. */
  minMeanLogprob?: number;
}

export function* solveDetectVerify(input: LoopInput, budget: number, options: SolveDetectVerifyOptions = {}): Staged<LoopOutcome> {
  if (!(Number.isInteger(budget) && budget >= 1)) throw new RangeError(`solve-detect-verify: the budget must be a positive integer, got ${String(budget)}`);
  const usage = new UsageTally();
  const samples: Sample[] = [];
  const failures: CheckFailure[] = [];
  const outcome = (answer: string | null, confidence: number): LoopOutcome => ({
    method: 'solve-detect-verify',
    answer,
    confidence,
    confidenceKind: 'probability',
    votes: tallyVotes(samples, input.answerKind),
    finals: samples,
    samples,
    transitions: [],
    failures,
    usage: usage.usage,
  });
  for (let i = 0; i < budget; i++) {
    const { sample, failures: found } = yield* checkedSolution(input, i);
    samples.push(sample);
    usage.addSample(sample);
    failures.push(...found);
    if (sample.status === 'aborted') break;
    const check = sample.checks?.at(-1);
    if (isUsableSolution(sample) && check?.passed === true && confident(sample, options.minMeanLogprob)) return outcome(sample.answer as string, check.score);
  }
  const winner = tallyVotes(samples, input.answerKind)[0];
  if (winner === undefined) return outcome(null, 0);
  const scores = winner.samples.map((i) => verifierScore(samples.find((s) => s.index === i) as Sample, input.verifier.name) ?? 0);
  return outcome(winner.answer, scores.reduce((a, b) => a + b, 0) / scores.length);
}

/** Without a floor every solution is confident; with one, a solution without logprobs is not. */
function confident(sample: Sample, floor: number | undefined): boolean {
  if (floor === undefined) return true;
  const value = meanLogprob(sample);
  return value !== undefined && value >= floor;
}
