import type { AnswerKind } from './answer-kind.js';
import { lastAnswerPhrase } from './answer-phrases.js';
import { lastBoxed } from './boxed.js';
import { normalizeText } from './text.js';

export interface ChoiceOption {
  label: string;
  text: string;
}

/**
 * Multiple-choice answers, canonical as the option's label (`B`). Reads `\boxed{B}`,
 * `\boxed{\text{(B)}}`, "The answer is (B)", "Answer: B)"; when the options are known, an answer that
 * quotes an option's text ("The answer is Paris") counts as its label. Without options, labels are
 * single letters A–Z. Letters are compared case-insensitively (`b` is `B`).
 */
export function choiceAnswers(options?: readonly ChoiceOption[]): AnswerKind {
  const labels = new Map((options ?? []).map((option) => [option.label.toUpperCase(), option]));
  const byText = new Map((options ?? []).map((option) => [normalizeText(option.text), option.label.toUpperCase()]));

  const labelOf = (answer: string): string | null => {
    const bare = answer.replace(/\\text\{([^{}]*)\}/g, '$1').replace(/[$*]/g, '').trim();
    // `(b)`, `b)`, `B.` or `B` alone or before words; a lone lower-case `a` before words is an article.
    const match = /^\(([A-Za-z])\)|^([A-Za-z])(?=$|[.:)])|^([A-Z])(?=\s)/.exec(bare);
    const letter = (match?.[1] ?? match?.[2] ?? match?.[3])?.toUpperCase();
    if (letter !== undefined && (labels.size === 0 || labels.has(letter))) return letter;
    return byText.get(normalizeText(bare)) ?? null;
  };

  return {
    name: 'choice',
    extract: (text) => {
      const boxed = lastBoxed(text);
      if (boxed.kind === 'broken') return null;
      const found = boxed.kind === 'found' ? boxed.content : lastAnswerPhrase(text);
      return found === null ? null : labelOf(found);
    },
    normalize: labelOf,
    equivalent: (a, b) => a === b,
  };
}
