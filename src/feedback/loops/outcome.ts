/** What a self-feedback loop returns: its answer and confidence, and everything it made on the way. */
import type { CheckFailure } from '../../core/check.js';
import type { ConfidenceKind, Sample, Usage, Vote } from '../../core/types.js';
import { addUsage, emptyUsage } from '../../core/usage.js';

/** One solution through one refine round: its answer before and after (the same when it was not revised). */
export interface Transition {
  round: number;
  /** Index of the solution the chain started from. */
  solution: number;
  before: string | null;
  after: string | null;
}

export interface LoopOutcome {
  method: string;
  answer: string | null;
  confidence: number;
  confidenceKind: ConfidenceKind;
  votes: Vote[];
  /** The samples the answer was decided from (final solutions), with their checks. */
  finals: Sample[];
  /** Every solution and revision made, with their checks, in the order they were made. */
  samples: Sample[];
  transitions: Transition[];
  /** Every output that could not be read: failed checks' failures and failed revisions. */
  failures: CheckFailure[];
  /** MAgICoRe: how the question was routed. */
  route?: 'easy' | 'hard';
  /** Every call: solutions, checks, critiques, revisions. */
  usage: Usage;
}

/** Sums usage as a loop goes. */
export class UsageTally {
  private total = emptyUsage();

  add(...parts: Usage[]): void {
    this.total = addUsage(this.total, ...parts);
  }

  /** A sample's own calls and every check on it. */
  addSample(sample: Sample): void {
    this.add(sample.usage, ...(sample.checks ?? []).map((c) => c.usage));
  }

  get usage(): Usage {
    return { ...this.total };
  }
}
