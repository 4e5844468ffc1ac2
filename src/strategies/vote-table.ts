/**
 * Grouping samples into answer classes and summing their weights: the step every voting strategy
 * shares. Classes are formed by answer equivalence, not string equality, so `0.5` and `\frac{1}{2}`
 * are one vote when the answer kind says they are equal.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Sample, Vote } from '../core/types.js';

/** The sample's answer, extracting it from the text if that has not happened yet. */
export function answerOf(sample: Sample, answers: AnswerKind): string | null {
  return sample.answer !== undefined ? sample.answer : answers.extract(sample.text);
}

/** A sample can vote when it finished normally and has an answer. */
export function isUsable(sample: Sample, answers: AnswerKind): boolean {
  return sample.status === 'ok' && answerOf(sample, answers) !== null;
}

export interface AnswerClass {
  /** The answer of the class's first sample, which represents the class. */
  answer: string;
  /** Positions (into the samples array given) of the class's samples, in order. */
  members: number[];
}

/** Answer classes in order of first appearance. Unusable samples belong to no class. */
export function groupAnswers(samples: readonly Sample[], answers: AnswerKind): AnswerClass[] {
  const classes: AnswerClass[] = [];
  const byAnswer = new Map<string, AnswerClass>();
  samples.forEach((sample, position) => {
    if (sample.status !== 'ok') return;
    const answer = answerOf(sample, answers);
    if (answer === null) return;
    let cls = byAnswer.get(answer);
    if (cls === undefined) {
      cls = classes.find((c) => answers.equivalent(c.answer, answer));
      if (cls === undefined) {
        cls = { answer, members: [] };
        classes.push(cls);
      }
      byAnswer.set(answer, cls);
    }
    cls.members.push(position);
  });
  return classes;
}

/**
 * The vote table: classes with their counts and summed weights, highest weight first; ties go to the
 * class whose first sample came earliest. `weightOf` receives the sample and its position.
 */
export function tallyVotes(
  samples: readonly Sample[],
  answers: AnswerKind,
  weightOf: (sample: Sample, position: number) => number = () => 1,
  classes: AnswerClass[] = groupAnswers(samples, answers),
): Vote[] {
  const votes = classes.map((cls, order) => ({
    order,
    vote: {
      answer: cls.answer,
      count: cls.members.length,
      weight: cls.members.reduce((sum, p) => sum + weightOf(samples[p] as Sample, p), 0),
      samples: cls.members.map((p) => (samples[p] as Sample).index),
    },
  }));
  votes.sort((a, b) => b.vote.weight - a.vote.weight || a.order - b.order);
  return votes.map((v) => v.vote);
}
