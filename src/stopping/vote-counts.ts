/** The vote counts stop rules test: usable answers grouped by equivalence, largest class first. */
import { groupAnswers } from '../strategies/vote-table.js';
import type { StopState } from './stop-rule.js';

export interface Counts {
  /** Class sizes, largest first. */
  counts: number[];
  /** The answer of the largest class (earliest first on ties), or null with no usable sample. */
  leader: string | null;
}

export function voteCounts(state: Pick<StopState, 'samples' | 'answerKind'>): Counts {
  const classes = groupAnswers(state.samples, state.answerKind)
    .map((c, order) => ({ answer: c.answer, size: c.members.length, order }))
    .toSorted((a, b) => b.size - a.size || a.order - b.order);
  return { counts: classes.map((c) => c.size), leader: classes[0]?.answer ?? null };
}
