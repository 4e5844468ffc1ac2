import { UnknownNameError } from '../core/errors.js';
import type { AnswerKind } from './answer-kind.js';
import { exactAnswers } from './exact.js';

/** Answer kinds by name; the CLI, datasets and the proxy look kinds up here. */
const kinds = new Map<string, AnswerKind>([[exactAnswers.name, exactAnswers]]);

export function getAnswerKind(name: string): AnswerKind {
  const kind = kinds.get(name);
  if (kind === undefined) throw new UnknownNameError('answer kind', name, answerKindNames());
  return kind;
}

export const answerKindNames = (): string[] => [...kinds.keys()];
