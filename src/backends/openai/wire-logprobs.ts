/**
 * Per-token logprobs in the two OpenAI shapes, as quorum GeneratedTokens:
 * chat `logprobs.content[j] = {token, logprob, top_logprobs: [{token, logprob}]}` and completions
 * `logprobs = {tokens[], token_logprobs[], top_logprobs: [{token: logprob}]}`.
 * Returns undefined when the shape is absent, and throws a readable message when it is malformed.
 */
import type { GeneratedToken, TopLogprob } from '../../core/types.js';

export class WireShapeError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function chatLogprobTokens(logprobs: unknown): GeneratedToken[] | undefined {
  if (!isRecord(logprobs) || !Array.isArray(logprobs['content'])) return undefined;
  return logprobs['content'].map((entry: unknown, j) => {
    if (!isRecord(entry) || typeof entry['token'] !== 'string') throw new WireShapeError(`logprobs.content[${j}] has no string "token"`);
    return token(entry['token'], entry['logprob'], topFromList(entry['top_logprobs']));
  });
}

export function completionLogprobTokens(logprobs: unknown): GeneratedToken[] | undefined {
  if (!isRecord(logprobs) || !Array.isArray(logprobs['tokens'])) return undefined;
  const logps = Array.isArray(logprobs['token_logprobs']) ? logprobs['token_logprobs'] : [];
  const tops = Array.isArray(logprobs['top_logprobs']) ? logprobs['top_logprobs'] : [];
  return logprobs['tokens'].map((text: unknown, j) => {
    if (typeof text !== 'string') throw new WireShapeError(`logprobs.tokens[${j}] is not a string`);
    const alternatives = tops[j];
    return token(text, logps[j], Array.isArray(alternatives) ? topFromList(alternatives) : topFromMap(alternatives));
  });
}

function token(text: string, logprob: unknown, top: TopLogprob[] | undefined): GeneratedToken {
  const out: GeneratedToken = { text };
  if (typeof logprob === 'number') out.logprob = logprob;
  if (top !== undefined && top.length > 0) out.top = top;
  return out;
}

function topFromList(list: unknown): TopLogprob[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return sorted(list.filter(isRecord).flatMap((alt) => (typeof alt['token'] === 'string' && typeof alt['logprob'] === 'number' ? [{ token: alt['token'], logprob: alt['logprob'] }] : [])));
}

function topFromMap(map: unknown): TopLogprob[] | undefined {
  if (!isRecord(map)) return undefined;
  return sorted(Object.entries(map).flatMap(([t, logprob]) => (typeof logprob === 'number' ? [{ token: t, logprob }] : [])));
}

const sorted = (top: TopLogprob[]): TopLogprob[] => top.toSorted((a, b) => b.logprob - a.logprob);
