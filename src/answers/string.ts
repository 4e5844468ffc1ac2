/**
 * Short exact answers — letter strings, names, codes, words — compared without regard to case or
 * whitespace, and with nothing else removed: unlike `text`, no articles or punctuation go, so `say a`
 * stays `say a` and `y-y-a-o` stays `y-y-a-o`. `neh h` and `nehh` are the same answer (spaces never
 * count), `Paris` and `paris.` too (a sentence's closing period is not part of the answer).
 *
 * The answer is the last box, else the rest of the line after the last answer phrase, else the first
 * non-empty line; quotes, backticks and Markdown bold around it are dropped.
 */
import type { AnswerKind } from './answer-kind.js';
import { lastAnswerPhrase } from './answer-phrases.js';
import { lastBoxed } from './boxed.js';

export const stringAnswers: AnswerKind = {
  name: 'string',
  extract: (text) => {
    const boxed = lastBoxed(text);
    if (boxed.kind === 'broken') return null;
    if (boxed.kind === 'found') return foldString(boxed.content.replace(/^\\text\{([\s\S]*)\}$/, '$1'));
    return foldString(lastAnswerPhrase(text, { wholeLine: true }) ?? (text.split('\n').find((line) => line.trim() !== '') ?? ''));
  },
  normalize: (answer) => foldString(answer),
  // Spaces are kept in the canonical string (it is shown to users) but never decide equality.
  equivalent: (a, b) => a === b || a.replaceAll(' ', '') === b.replaceAll(' ', ''),
};

// Wrappers that are markup, not answer: quotes, backticks, Markdown bold/italics.
const WRAPPER = /^(["'“”‘’`*_]+)([\s\S]*?)\1$/;

/** NFKC, lower case, single spaces, without wrapping quotes or markup and a closing period; `null` if nothing is left. */
export function foldString(answer: string): string | null {
  let folded = answer.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().replace(/\.$/, '').trim();
  for (let match = WRAPPER.exec(folded); match !== null; match = WRAPPER.exec(folded)) folded = (match[2] as string).trim();
  return folded === '' ? null : folded;
}
