/**
 * A quick answer kind from a regular expression, for tasks with their own answer format:
 * `regex:<pattern>[,fold]` on the command line. The answer is the first capture group of the LAST
 * match in the text (the whole match when the pattern has no group); an answer given directly (a
 * recording's pre-extracted answer, a gold) is read by the pattern too, and taken as written when it
 * does not match; `fold` compares answers without
 * regard to case and spacing, as the `string` kind does. Without `fold`, answers are trimmed and
 * compared exactly. The pattern is a JavaScript regular expression with the `m` flag (`^` and `$`
 * match at line ends).
 */
import { InvalidInputError } from '../core/errors.js';
import type { AnswerKind } from './answer-kind.js';
import { foldString, stringAnswers } from './string.js';

export interface RegexAnswerOptions {
  /** Compare without regard to case and spacing. Default false. */
  fold?: boolean;
  /** Registry name; default `regex:<pattern>` (with `,fold`). */
  name?: string;
}

export const REGEX_PREFIX = 'regex:';

export function regexAnswers(pattern: string, options: RegexAnswerOptions = {}): AnswerKind {
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, 'gm');
  } catch (cause) {
    throw new InvalidInputError(`answer pattern ${JSON.stringify(pattern)} is not a valid regular expression (${(cause as Error).message})`, { cause });
  }
  if (compiled.test('')) throw new InvalidInputError(`answer pattern ${JSON.stringify(pattern)} matches the empty text; it must match an answer`);
  const fold = options.fold === true;
  const canonical = (answer: string): string | null => {
    if (fold) return foldString(answer);
    const trimmed = answer.trim();
    return trimmed === '' ? null : trimmed;
  };
  const extract = (text: string): string | null => {
    let last: RegExpExecArray | null = null;
    for (const match of text.matchAll(compiled)) last = match;
    return last === null ? null : canonical(last[1] ?? last[0]);
  };
  return {
    name: options.name ?? `${REGEX_PREFIX}${pattern}${fold ? ',fold' : ''}`,
    extract,
    // A given answer (pre-extracted, or a gold) goes through the pattern too; one it does not match is taken as written.
    normalize: (answer) => extract(answer) ?? canonical(answer),
    equivalent: fold ? stringAnswers.equivalent : (a, b) => a === b,
  };
}

/** `regex:<pattern>[,fold]` as a kind. Only a final `,fold` is an option: commas inside the pattern (`\d{1,3}`) stay. */
export function parseRegexSpec(spec: string): AnswerKind {
  const body = spec.slice(REGEX_PREFIX.length);
  const fold = body.endsWith(',fold');
  const pattern = fold ? body.slice(0, -',fold'.length) : body;
  if (pattern === '') throw new InvalidInputError(`"${spec}" has no pattern; write regex:<pattern>[,fold], e.g. "regex:Answer: (\\w+),fold"`);
  return regexAnswers(pattern, { fold });
}
