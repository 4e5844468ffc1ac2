/**
 * The loops that end in the caller's strategy: n solutions, each checked (`verify`) or refined for up to
 * R rounds (`refine`), side by side; the strategy then decides from the final solutions.
 */
import type { CheckFailure } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import { inParallel, type Staged } from '../staged.js';
import { checkedSolution, type LoopInput } from './loop-input.js';
import { UsageTally, type Transition } from './outcome.js';
import { refineChains, type RefineOptions } from './refine.js';

export interface SampledOutcome {
  /** The solutions the strategy decides from: each one's final version, with its checks. */
  finals: Sample[];
  /** Per final solution, the loop's confidence in it (refine: see refine.ts; verify: its check score). */
  confidences: number[];
  samples: Sample[];
  transitions: Transition[];
  failures: CheckFailure[];
  usage: UsageTally;
}

export function* verifiedSolutions(input: LoopInput, n: number): Staged<SampledOutcome> {
  const usage = new UsageTally();
  const checked = yield* inParallel(Array.from({ length: n }, (_, i) => checkedSolution(input, i)));
  for (const c of checked) usage.addSample(c.sample);
  const finals = checked.map((c) => c.sample);
  return { finals, confidences: finals.map((s) => s.checks?.at(-1)?.score ?? 0), samples: finals, transitions: [], failures: checked.flatMap((c) => c.failures), usage };
}

export function* refinedSolutions(input: LoopInput, n: number, options: RefineOptions): Staged<SampledOutcome> {
  const chains = yield* refineChains(input, n, options);
  const usage = new UsageTally();
  for (const c of chains) usage.add(c.usage.usage);
  return {
    finals: chains.map((c) => c.final),
    confidences: chains.map((c) => c.confidence),
    samples: chains.flatMap((c) => c.samples),
    transitions: chains.flatMap((c) => c.transitions),
    failures: chains.flatMap((c) => c.failures),
    usage,
  };
}
