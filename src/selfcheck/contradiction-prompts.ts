/**
 * ChatProtect's prompts (Mündler et al., ICLR 2024; eth-sri/ChatProtect): trigger an alternative
 * sentence for the same place and the same subject and relation, ask whether the two contradict
 * (explain, then conclude Yes/No), and rewrite a contradicted sentence without the conflict. The
 * paper extracts the (subject; relation) with a separate information-extraction model; here the
 * model itself writes the sentence's opening up to its main fact, which plays the same part.
 */
import type { ChatMessage, Prompt } from '../core/types.js';

const prefixOrNone = (prefix: string): string => (prefix.trim() === '' ? 'There is no preceding text.' : prefix);

export function clozePrompt(sentence: string): string {
  return [
    'Rewrite the sentence below so that it stops just before its main fact, keeping the subject and the relation.',
    'Example: "Angela Merkel was born in Hamburg, West Germany." becomes "Angela Merkel was born in".',
    '',
    `Sentence: ${sentence}`,
    '',
    'Answer with the shortened sentence only.',
  ].join('\n');
}

/** The first line of the answer, unquoted; null when there is nothing usable. */
export function readCloze(answer: string, sentence: string): string | null {
  const line = answer.trim().split('\n')[0]?.trim().replace(/^["'“]+|["'”]+$/gu, '').trim() ?? '';
  if (line === '' || line === sentence || line.length > sentence.length) return null;
  return line;
}

export function alternativePrompt(topic: string, prefix: string, cloze: string): string {
  return [
    `Here is the start of a text answering the prompt "${topic}":`,
    prefixOrNone(prefix),
    '',
    'Please generate the next sentence of this text.',
    `It must begin with: "${cloze}"`,
    'The sentence should contain as little other information as possible.',
  ].join('\n');
}

export function explainPrompt(topic: string, prefix: string, sentence: string, alternative: string): string {
  return [
    `I give you the beginning of a text answering the prompt "${topic}".`,
    'Then follow two statements.',
    '',
    'Text:',
    prefixOrNone(prefix),
    '',
    'Statement 1:',
    sentence,
    '',
    'Statement 2:',
    alternative,
    '',
    `Please explain whether the statements about "${topic}" are contradictory.`,
    'Provide your explanation only.',
  ].join('\n');
}

export const CONCLUDE_PROMPT = 'Please conclude whether the statements are contradictory with Yes or No.';

export type Conclusion = 'contradictory' | 'consistent' | 'unclear';

/** ChatProtect's reading: "yes" without "no" is a contradiction, "no" without "yes" is not, else unclear. */
export function readConclusion(answer: string): Conclusion {
  const text = answer.toLowerCase();
  const yes = /\byes\b/u.test(text);
  const no = /\bno\b/u.test(text);
  if (yes && !no) return 'contradictory';
  if (no && !yes) return 'consistent';
  return 'unclear';
}

export function revisePrompt(topic: string, prefix: string, sentence: string, alternative: string): string {
  return [
    `This is the start of a text answering the prompt "${topic}":`,
    prefixOrNone(prefix),
    '',
    'This is the original next sentence:',
    sentence,
    '',
    'However, there is a contradiction with the following sentence:',
    alternative,
    '',
    'Remove the conflicting information from the original sentence, preserving as much non-conflicting information as possible.',
    'The result must fit well after the given text, it should not copy content of the text. Answer with the new sentence only.',
    'The new sentence must only contain information from the original sentence.',
    'If there is no non-conflicting information, answer with an empty line.',
  ].join('\n');
}

/**
 * A conversation as the model takes it: chat messages, or for a completion model the turns written
 * one after another, ending where the model should answer.
 */
export function conversation(turns: readonly ChatMessage[], chat: boolean): Prompt {
  if (chat) return [...turns];
  return `${turns.map((t) => t.content).join('\n\n')}\n\nAnswer:`;
}
