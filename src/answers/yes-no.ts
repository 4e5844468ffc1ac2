import type { AnswerKind } from './answer-kind.js';
import { lastAnswerPhrase } from './answer-phrases.js';
import { lastBoxed } from './boxed.js';

const WORDS: Record<string, 'yes' | 'no'> = { yes: 'yes', true: 'yes', no: 'no', false: 'no' };

/**
 * Yes/no answers (StrategyQA), canonical `yes` or `no`; `true`/`false` count too. Reads `\boxed{}`,
 * then the last "the answer is" phrase, then a text that starts with Yes/No ("No, because …").
 * Anything else abstains.
 */
export const yesNoAnswers: AnswerKind = {
  name: 'yes-no',
  extract: (text) => {
    const boxed = lastBoxed(text);
    if (boxed.kind === 'broken') return null;
    const found = boxed.kind === 'found' ? boxed.content : (lastAnswerPhrase(text) ?? text);
    return yesNoOf(found);
  },
  normalize: (answer) => yesNoOf(answer),
  equivalent: (a, b) => a === b,
};

/** The yes/no word the answer starts with, ignoring markup and case. */
function yesNoOf(answer: string): 'yes' | 'no' | null {
  const word = /^[\s*"'(\\{}$]*(?:text\{)?([a-zA-Z]+)/.exec(answer)?.[1]?.toLowerCase();
  return word === undefined ? null : (WORDS[word] ?? null);
}
