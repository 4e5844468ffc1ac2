/**
 * Turns a quorum Prompt into model tokens: a raw string is a completion prompt (with BOS when the
 * model asks for one); chat messages go through the model's own chat template (runtime-notes §1.6).
 */
import type { ChatHistoryItem, LlamaModel, Token } from 'node-llama-cpp';
import type { ChatMessage, Prompt } from '../../core/types.js';
import { InvalidInputError } from '../../core/errors.js';
import { loadedNodeLlamaCpp } from './load-model.js';

export interface PromptTokens {
  tokens: Token[];
  /** Extra single tokens that end the answer (the chat template's end-of-turn marker). */
  stopTokens: Token[];
  /** Extra text stops from the chat template (multi-token end markers). */
  stopTexts: string[];
}

/** Whether the GGUF carries a chat template (instruction-tuned) or is a plain completion model. */
export const hasChatTemplate = (model: LlamaModel): boolean =>
  typeof model.fileInfo.metadata.tokenizer?.chat_template === 'string';

function toHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [m.content] };
  });
  // An open model turn at the end: the wrapper leaves it unterminated for the model to continue.
  history.push({ type: 'model', response: [] });
  return history;
}

export function promptTokens(model: LlamaModel, prompt: Prompt): PromptTokens {
  if (typeof prompt === 'string') {
    if (prompt.length === 0) throw new InvalidInputError('the prompt is empty; pass the question text');
    const bos = model.tokens.shouldPrependBosToken && model.tokens.bos !== null ? [model.tokens.bos] : [];
    return { tokens: [...bos, ...model.tokenize(prompt)], stopTokens: [], stopTexts: [] };
  }
  if (prompt.length === 0) throw new InvalidInputError('the chat prompt has no messages; pass at least one user message');
  const wrapper = loadedNodeLlamaCpp().resolveChatWrapper(model);
  const { contextText, stopGenerationTriggers } = wrapper.generateContextState({ chatHistory: toHistory(prompt) });
  const stopTokens: Token[] = [];
  const stopTexts: string[] = [];
  for (const trigger of stopGenerationTriggers) {
    const tokens = trigger.tokenize(model.tokenizer);
    if (tokens.length === 1) stopTokens.push(tokens[0] as Token);
    else if (tokens.length > 1) stopTexts.push(model.detokenize(tokens, true));
  }
  return { tokens: contextText.tokenize(model.tokenizer), stopTokens, stopTexts };
}
