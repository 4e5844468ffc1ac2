/**
 * The two LLM-judge variants of SelfCheckGPT as data: how a (sentence, sample) pair becomes a prompt,
 * and how the judge's answer becomes a score (0 = the sample supports the sentence, 1 = it does not).
 * - `prompt`: the paper's exact prompt; Yes → 0, No → 1, anything else 0.5. With top logprobs,
 *   p(No) / (p(Yes) + p(No)) at the first answer token.
 * - `nli`: a three-way, NLI-style question; entailment → 0, contradiction → 1, neutral or anything
 *   else 0.5. With top logprobs, p(contradiction) / (p(entailment) + p(contradiction)), which is how
 *   SelfCheckGPT's NLI variant reads its DeBERTa classifier (neutral dropped).
 */
import type { TopLogprob } from '../core/types.js';

export type JudgeVariantName = 'prompt' | 'nli';

export interface JudgeVariant {
  readonly name: JudgeVariantName;
  /** The judge's prompt for one pair (newlines inside the sample become spaces, as in the paper). */
  prompt(sentence: string, sample: string): string;
  /** The score of an answer text: 0, 1, or 0.5 when it is neither. */
  parse(answer: string): number;
  /** The score from first-token top logprobs, or undefined when neither side is among them. */
  fromTop(top: readonly TopLogprob[]): number | undefined;
}

/** Newlines would break the prompt's layout (and the paper found they hurt): one line per context. */
const oneLine = (text: string): string => text.replaceAll('\n', ' ');

/** Which of `words` a token (or an answer) begins with: "Ye", " yes", "Yes." all count as yes. */
function wordOf<W extends string>(text: string, words: readonly W[]): W | undefined {
  const core = text.trim().toLowerCase();
  if (core === '') return undefined;
  const matches = words.filter((word) => core.startsWith(word) || word.startsWith(core));
  return matches.length === 1 ? matches[0] : undefined;
}

/** p(high) / (p(low) + p(high)) over the top-k tokens that stand for either word. */
function shareOf<W extends string>(top: readonly TopLogprob[], words: readonly W[], low: W, high: W): number | undefined {
  let lowMass = 0;
  let highMass = 0;
  for (const t of top) {
    const word = wordOf(t.token, words);
    if (word === low) lowMass += Math.exp(t.logprob);
    if (word === high) highMass += Math.exp(t.logprob);
  }
  return lowMass + highMass > 0 ? highMass / (lowMass + highMass) : undefined;
}

const SUPPORT_WORDS = ['yes', 'no'] as const;

/** SelfCheckGPT-Prompt (Manakul et al. 2023, `SelfCheckAPIPrompt`), word for word. */
export const promptJudge: JudgeVariant = {
  name: 'prompt',
  prompt: (sentence, sample) =>
    `Context: ${oneLine(sample)}\n\nSentence: ${sentence}\n\nIs the sentence supported by the context above? Answer Yes or No.\n\nAnswer: `,
  parse: (answer) => {
    // The reference reads the first three / two letters only: "No," and "Yes!" count, "Not sure" is "no".
    const text = answer.trim().toLowerCase();
    if (text.startsWith('yes')) return 0;
    if (text.startsWith('no')) return 1;
    return 0.5;
  },
  fromTop: (top) => shareOf(top, SUPPORT_WORDS, 'yes', 'no'),
};

const NLI_WORDS = ['entailment', 'contradiction', 'neutral'] as const;

export const nliJudge: JudgeVariant = {
  name: 'nli',
  prompt: (sentence, sample) =>
    `Context: ${oneLine(sample)}\n\nSentence: ${sentence}\n\nDoes the context entail the sentence, contradict it, or neither? Answer entailment, contradiction or neutral.\n\nAnswer: `,
  parse: (answer) => {
    const word = wordOf(answer.split(/[\s.,;:!]/u).find((part) => part !== '') ?? '', NLI_WORDS);
    return word === 'entailment' ? 0 : word === 'contradiction' ? 1 : 0.5;
  },
  fromTop: (top) => shareOf(top, NLI_WORDS, 'entailment', 'contradiction'),
};

export const judgeVariants: Record<JudgeVariantName, JudgeVariant> = { prompt: promptJudge, nli: nliJudge };

/** The (context, sentence) of a Prompt-variant prompt, or undefined for any other text. */
export function readPromptJudgePrompt(prompt: string): { context: string; sentence: string } | undefined {
  const match = /^Context: ([^\n]*)\n\nSentence: ([\s\S]*?)\n\nIs the sentence supported by the context above\? Answer Yes or No\.\n\nAnswer: $/u.exec(prompt);
  return match === null ? undefined : { context: match[1] as string, sentence: match[2] as string };
}
