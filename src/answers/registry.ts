import { UnknownNameError } from '../core/errors.js';
import type { AnswerKind } from './answer-kind.js';
import { choiceAnswers } from './choice.js';
import { dateAnswers, dateKind } from './date.js';
import { exactAnswers } from './exact.js';
import { game24Kind } from './game24.js';
import { mathKind, mathLenientKind } from './math.js';
import { numberAnswers } from './number.js';
import { parseRegexSpec, REGEX_PREFIX } from './regex.js';
import { stringAnswers } from './string.js';
import { textAnswers } from './text.js';
import { yesNoAnswers } from './yes-no.js';

/**
 * Answer kinds by name; the CLI, datasets, recordings and the proxy look kinds up here. `choice` here
 * knows no options (letters only); build one with `choiceAnswers(options)` to also accept option
 * texts. A name `regex:<pattern>[,fold]` builds a kind from a pattern (see regex.ts).
 */
const kinds = new Map<string, AnswerKind>(
  [
    exactAnswers,
    mathKind,
    mathLenientKind,
    numberAnswers,
    dateKind,
    dateAnswers({ order: 'dmy' }),
    stringAnswers,
    choiceAnswers(),
    yesNoAnswers,
    textAnswers,
    game24Kind,
  ].map((kind) => [kind.name, kind]),
);

export function getAnswerKind(name: string): AnswerKind {
  if (name.startsWith(REGEX_PREFIX)) return parseRegexSpec(name);
  const kind = kinds.get(name);
  if (kind === undefined) throw new UnknownNameError('answer kind', name, [...answerKindNames(), `${REGEX_PREFIX}<pattern>[,fold]`]);
  return kind;
}

export const answerKindNames = (): string[] => [...kinds.keys()];
