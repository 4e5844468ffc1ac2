import { UnknownNameError } from '../core/errors.js';
import type { AnswerKind } from './answer-kind.js';
import { choiceAnswers } from './choice.js';
import { exactAnswers } from './exact.js';
import { mathKind, mathLenientKind } from './math.js';
import { textAnswers } from './text.js';
import { yesNoAnswers } from './yes-no.js';

/**
 * Answer kinds by name; the CLI, datasets and the proxy look kinds up here. `choice` here knows no
 * options (letters only); build one with `choiceAnswers(options)` to also accept option texts.
 */
const kinds = new Map<string, AnswerKind>(
  [exactAnswers, mathKind, mathLenientKind, choiceAnswers(), yesNoAnswers, textAnswers].map((kind) => [kind.name, kind]),
);

export function getAnswerKind(name: string): AnswerKind {
  const kind = kinds.get(name);
  if (kind === undefined) throw new UnknownNameError('answer kind', name, answerKindNames());
  return kind;
}

export const answerKindNames = (): string[] => [...kinds.keys()];
