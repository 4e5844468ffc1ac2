import type { Usage } from './types.js';

export const emptyUsage = (): Usage => ({ promptTokens: 0, completionTokens: 0, calls: 0 });

export function addUsage(...parts: Usage[]): Usage {
  const total = emptyUsage();
  for (const part of parts) {
    total.promptTokens += part.promptTokens;
    total.completionTokens += part.completionTokens;
    total.calls += part.calls;
  }
  return total;
}

export const totalTokens = (usage: Usage): number => usage.promptTokens + usage.completionTokens;
