/**
 * Reading gold answers. A gold answer goes through the same extraction as a sample's text, so a
 * dataset that writes `#### 42`, `\boxed{42}` or `The answer is 42` grades like one that writes `42`;
 * a bare gold that marks nothing (`42`, `\frac{1}{2}`, `B`) is read as a given answer. A checker
 * kind keeps the gold as written: it grades against the question, and may read the gold itself.
 */
import type { AnswerKind } from './answer-kind.js';
import { InvalidInputError } from '../core/errors.js';

/** The canonical gold answer, or `null` when `kind` cannot read it. */
export function readGold(kind: AnswerKind, gold: string): string | null {
  if (kind.check !== undefined) return gold.trim() === '' ? null : gold;
  if (kind.readGold !== undefined) return kind.readGold(gold);
  return kind.extract(gold) ?? kind.normalize(gold);
}

/** Like `readGold`, but a gold the kind cannot read is an error naming the question. */
export function requireGold(kind: AnswerKind, gold: string, question: string): string {
  const read = readGold(kind, gold);
  if (read === null) throw new InvalidInputError(unreadableGold(kind, gold, question));
  return read;
}

/** The message for a gold answer a kind cannot read (loaders put it after their file:line). */
export function unreadableGold(kind: AnswerKind, gold: string, question: string): string {
  const shown = gold.length > 60 ? `${gold.slice(0, 57)}...` : gold;
  return (
    `question "${question}": the gold answer ${JSON.stringify(shown)} cannot be read as a ${kind.name} answer; ` +
    'pick the answer kind that fits the task (docs/answers.md), or fix the gold answer'
  );
}
