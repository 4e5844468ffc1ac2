/**
 * The plain question-and-answer transcript for completion models without a chat template (the toy
 * models, base models): a user turn becomes `Q: …\nA:`, an assistant turn ` …\n`, any other turn its
 * text on a line of its own, and "\n" ends the answer. `quorum ask --format qa`, `quorum serve` for
 * such a model and the test OpenAI server all render chats this one way.
 */
import type { ChatMessage } from './types.js';

/** What ends an answer in this format. */
export const QA_STOP = '\n';

export const qaPrompt = (question: string): string => `Q: ${question}\nA:`;

export function qaTranscript(messages: readonly ChatMessage[]): string {
  return messages
    .map((m) => (m.role === 'user' ? qaPrompt(m.content) : m.role === 'assistant' ? ` ${m.content}\n` : `${m.content}\n`))
    .join('');
}
