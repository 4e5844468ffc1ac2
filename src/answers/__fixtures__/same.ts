import type { AnswerKind } from '../answer-kind.js';

/** Whether two answers, as a user would write them, are one answer under `kind`. */
export const sameUnder =
  (kind: AnswerKind) =>
  (a: string, b: string): boolean => {
    const [x, y] = [kind.normalize(a), kind.normalize(b)];
    return x !== null && y !== null && kind.equivalent(x, y);
  };
