import type { AnswerKind } from './answer-kind.js';
import { lastAnswerPhrase } from './answer-phrases.js';
import { lastBoxed } from './boxed.js';

/**
 * Free-text answers for extractive QA (SQuAD, TruthfulQA-style), compared after SQuAD's
 * normalisation: lower case, no punctuation, no articles (a, an, the), single spaces. That
 * normalisation is meant for phrases of words: it removes letters that are articles (`say a` →
 * `say`) and splits at punctuation (`y-y-a-o` → `y y o`), so letter strings, names and codes belong
 * to the `string` kind. The answer is what follows the last "the answer is" phrase or the last
 * `\boxed{}`, else the first non-empty line of the text.
 */
export const textAnswers: AnswerKind = {
  name: 'text',
  extract: (text) => {
    const boxed = lastBoxed(text);
    if (boxed.kind === 'broken') return null;
    const found = boxed.kind === 'found' ? boxed.content : (lastAnswerPhrase(text, { wholeLine: true }) ?? firstLine(text));
    return nonEmpty(normalizeText(found));
  },
  normalize: (answer) => nonEmpty(normalizeText(answer)),
  equivalent: (a, b) => a === b,
};

/** SQuAD normalisation; Unicode letters and digits survive, so non-English answers still compare. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])(?:a|an|the)(?![\p{L}\p{N}])/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const firstLine = (text: string): string => text.split('\n').find((line) => line.trim() !== '') ?? '';
const nonEmpty = (text: string): string | null => (text === '' ? null : text);
