/** The vote counts stop rules test: usable answers grouped by equivalence, largest class first. */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Sample } from '../core/types.js';
import { answerOf } from '../strategies/vote-table.js';

export interface Counts {
  /** Class sizes, largest first. */
  readonly counts: readonly number[];
  /** The answer of the largest class (earliest first on ties), or null with no usable sample. */
  readonly leader: string | null;
}

interface AnswerClass {
  answer: string;
  size: number;
  order: number;
}

/**
 * Counts votes as samples arrive, so a rule asked after every sample costs one equivalence search per
 * sample instead of regrouping them all. The same grouping as `groupAnswers` (first-seen answer
 * represents its class).
 */
export class VoteCounter {
  private readonly classes: AnswerClass[] = [];
  private readonly byAnswer = new Map<string, AnswerClass>();
  private cached: Counts | undefined;

  constructor(private readonly answerKind: AnswerKind) {}

  add(sample: Sample): void {
    if (sample.status !== 'ok') return;
    const answer = answerOf(sample, this.answerKind);
    if (answer === null) return;
    let cls = this.byAnswer.get(answer);
    if (cls === undefined) {
      cls = this.classes.find((c) => this.answerKind.equivalent(c.answer, answer));
      if (cls === undefined) {
        cls = { answer, size: 0, order: this.classes.length };
        this.classes.push(cls);
      }
      this.byAnswer.set(answer, cls);
    }
    cls.size++;
    this.cached = undefined;
  }

  get counts(): Counts {
    if (this.cached === undefined) {
      const sorted = this.classes.toSorted((a, b) => b.size - a.size || a.order - b.order);
      this.cached = { counts: sorted.map((c) => c.size), leader: sorted[0]?.answer ?? null };
    }
    return this.cached;
  }
}

/** The counts of a whole set of samples at once. */
export function voteCounts(samples: readonly Sample[], answerKind: AnswerKind): Counts {
  const counter = new VoteCounter(answerKind);
  for (const sample of samples) counter.add(sample);
  return counter.counts;
}
