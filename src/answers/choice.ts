import type { AnswerKind } from './answer-kind.js';
import { lastAnswerPhrase } from './answer-phrases.js';
import { lastBoxed } from './boxed.js';
import { normalizeText } from './text.js';

export interface ChoiceOption {
  label: string;
  text: string;
}

// Ways people name an option besides "the answer is": `Option C`, `Answer D`, `Answer - E`,
// `Correct option: C`, `the answer will be (D)`, `(A) is the correct answer`, `D is the answer`, or a
// last line that is just the label. Case-insensitive for the words; a lower-case letter only counts
// in brackets (`answer is a …` is not A).
const MENTION =
  /\b(?:answer|ans|option|choice)\s*(?:is|will be)?\s*[:=.,-]?\s*(?:option\s*)?(\(?)([a-z])\)?(?!\w)|(?:^|\s)(\(?)([a-z])\)?\s+is\s+(?:the\s+)?(?:correct|right|answer)|^\s*(\(?)([a-z])\)?\.?\s*$/gim;

/**
 * Multiple-choice answers, canonical as the option's label (`B`). Reads, in order: the last
 * `\boxed{}` (`\boxed{B}`, `\boxed{\text{(B)}}`), the last "the answer is" phrase, then the last other
 * mention of an option (see MENTION). When the options are known, only their labels count, and an
 * answer that quotes an option's text ("The answer is Paris") counts as its label. Without options,
 * any letter A–Z is a label. Letters are compared case-insensitively (`b` is `B`).
 */
export function choiceAnswers(options?: readonly ChoiceOption[]): AnswerKind {
  const labels = new Set((options ?? []).map((option) => option.label.toUpperCase()));
  const byText = new Map((options ?? []).map((option) => [normalizeText(option.text), option.label.toUpperCase()]));
  const known = (letter: string | undefined): string | null => {
    const upper = letter?.toUpperCase();
    return upper !== undefined && (labels.size === 0 || labels.has(upper)) ? upper : null;
  };

  const labelOf = (answer: string): string | null => {
    const bare = answer
      .replace(/\\text\{([^{}]*)\}/g, '$1')
      .replace(/[$*]/g, '')
      .replace(/^[\s,:-]*(?:(?:option|choice)\b\s*:?)?/i, '')
      .trim();
    // `(b)`, `b)`, `B.` or `B` alone or before words; a lone lower-case `a` before words is an article.
    const match = /^\(([A-Za-z])\)|^([A-Za-z])(?=$|[.:)])|^([A-Z])(?=\s)/.exec(bare);
    return known(match?.[1] ?? match?.[2] ?? match?.[3]) ?? byText.get(normalizeText(bare)) ?? null;
  };

  const lastMention = (text: string): string | null => {
    let last: string | null = null;
    for (const match of text.matchAll(MENTION)) {
      const bracket = match[1] ?? match[3] ?? match[5];
      const letter = match[2] ?? match[4] ?? match[6];
      if (letter !== undefined && (bracket === '(' || letter === letter.toUpperCase())) last = known(letter) ?? last;
    }
    return last;
  };

  return {
    name: 'choice',
    extract: (text) => {
      const boxed = lastBoxed(text);
      if (boxed.kind === 'broken') return null;
      if (boxed.kind === 'found') return labelOf(boxed.content);
      const phrase = lastAnswerPhrase(text);
      return (phrase === null ? null : labelOf(phrase)) ?? lastMention(text);
    },
    normalize: labelOf,
    equivalent: (a, b) => a === b,
  };
}
