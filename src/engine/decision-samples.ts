/**
 * Reading a SolveResult the way every surface shows it: what became of the samples, and which sample
 * stands for each answer (its full text is what a user reads as "the answer").
 */
import type { Sample, Vote } from '../core/types.js';
import type { SolveResult } from './solve.js';

export interface SampleOutcomes {
  /** Finished with an answer: these voted. */
  usable: number;
  total: number;
  /** Finished, but no answer could be extracted. */
  noAnswer: number;
  /** Cancelled when sampling stopped (or the caller aborted). */
  cancelled: number;
  failed: number;
}

export function sampleOutcomes(result: Pick<SolveResult, 'sampleCounts' | 'samples'>): SampleOutcomes {
  const { usable, total } = result.sampleCounts;
  const cancelled = result.samples.filter((s) => s.status === 'aborted').length;
  const failed = result.samples.filter((s) => s.status === 'error').length;
  return { usable, total, noAnswer: total - usable - cancelled - failed, cancelled, failed };
}

export interface Representative {
  /** The answer class, or undefined for a finished sample that has no answer (nothing voted). */
  vote: Vote | undefined;
  sample: Sample;
}

/**
 * One sample per answer for the first `count` answers: the decided answer first (the strategy's
 * chosen sample when it picked one, else the class's first sample), then the other classes in the
 * strategy's order. With no votes at all, the first finished sample stands alone.
 */
export function representatives(result: SolveResult, count: number): Representative[] {
  const byIndex = new Map(result.samples.map((s) => [s.index, s]));
  const winner = result.votes.find((v) => v.answer === result.answer) ?? result.votes[0];
  const ordered = winner === undefined ? [] : [winner, ...result.votes.filter((v) => v !== winner)];
  const picked = ordered.slice(0, count).map((vote, rank): Representative => {
    const chosen = rank === 0 && result.chosen !== undefined && vote.samples.includes(result.chosen) ? result.chosen : vote.samples[0];
    return { vote, sample: byIndex.get(chosen as number) as Sample };
  });
  if (picked.length > 0) return picked;
  const finished = result.samples.find((s) => s.status === 'ok');
  return finished === undefined ? [] : [{ vote: undefined, sample: finished }];
}
