/** Reading and reshaping prompts, for everything that asks the model a new question about an old one. */
import type { Prompt } from './types.js';

/** The question as text: the prompt itself, or the last user message of a chat. */
export function questionText(prompt: Prompt): string {
  if (typeof prompt === 'string') return prompt;
  return prompt.findLast((m) => m.role === 'user')?.content ?? '';
}

/** A new prompt of the same shape: raw text stays raw; a chat keeps its system messages and gets one user message. */
export function samePromptShape(original: Prompt, text: string): Prompt {
  if (typeof original === 'string') return text;
  return [...original.filter((m) => m.role === 'system'), { role: 'user', content: text }];
}

/** Numbered responses, one block each: `Response 0: …`. */
export function listResponses(texts: readonly string[], firstNumber: number): string {
  return texts.map((text, i) => `Response ${i + firstNumber}: ${text.trim()}`).join('\n');
}
