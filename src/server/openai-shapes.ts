/**
 * Responses and stream chunks in the exact shapes OpenAI's API returns (the fields strict clients
 * read: `id`, `object`, `created`, `model`, `choices[i].{index, message|delta|text, logprobs,
 * finish_reason}`, `usage`), plus quorum's own `quorum` object, which OpenAI clients ignore.
 */
import { randomUUID } from 'node:crypto';
import type { GeneratedToken, StopInfo, Usage } from '../core/types.js';
import { sampleOutcomes } from '../engine/decision-samples.js';
import type { SolveResult } from '../engine/solve.js';
import type { Endpoint } from './request-schema.js';

export interface ResponseHead {
  id: string;
  created: number;
  model: string;
}

export const newHead = (endpoint: Endpoint, model: string, nowMs: number): ResponseHead => ({
  id: `${endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomUUID().replaceAll('-', '')}`,
  created: Math.floor(nowMs / 1000),
  model,
});

export type WireFinishReason = 'stop' | 'length';

export interface ChoiceContent {
  text: string;
  finishReason: WireFinishReason;
  /** Per-token logprobs to return, when the client asked and the sample has them. */
  logprobs?: GeneratedToken[] | undefined;
}

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export const wireUsage = (usage: Usage): WireUsage => ({
  prompt_tokens: usage.promptTokens,
  completion_tokens: usage.completionTokens,
  total_tokens: usage.promptTokens + usage.completionTokens,
});

/** What quorum decided, in the `quorum` field of a response or of the last chunk. */
export interface QuorumExtension {
  answer: string | null;
  confidence: number;
  confidence_kind: string;
  abstained: boolean;
  strategy: string;
  votes: { answer: string; count: number; weight: number }[];
  samples: { used: number; total: number; failed: number; cancelled: number };
  stop: StopInfo | null;
}

export function quorumExtension(result: SolveResult, stop: StopInfo | undefined = result.stop): QuorumExtension {
  const outcomes = sampleOutcomes(result);
  return {
    answer: result.answer,
    confidence: result.confidence,
    confidence_kind: result.confidenceKind,
    abstained: result.abstained,
    strategy: result.strategy,
    votes: result.votes.map((v) => ({ answer: v.answer, count: v.count, weight: v.weight })),
    samples: { used: outcomes.usable, total: outcomes.total, failed: outcomes.failed, cancelled: outcomes.cancelled },
    stop: stop ?? null,
  };
}

/**
 * The tokens that make up `text`: a stop sequence ends the text but its token may still be in the
 * sample's logprobs, and OpenAI's logprobs spell out exactly the content returned.
 */
export function tokensOfText(text: string, tokens: GeneratedToken[] | undefined): GeneratedToken[] | undefined {
  if (tokens === undefined) return undefined;
  let length = 0;
  const kept: GeneratedToken[] = [];
  for (const token of tokens) {
    if (length + token.text.length > text.length) break;
    length += token.text.length;
    kept.push(token);
  }
  return kept;
}

const bytesOf = (text: string): number[] => [...Buffer.from(text, 'utf8')];

/** OpenAI's logprobs object for a choice; null unless every token has its logprob. */
export function wireLogprobs(endpoint: Endpoint, tokens: GeneratedToken[] | undefined): unknown {
  if (tokens === undefined || tokens.length === 0 || tokens.some((t) => t.logprob === undefined)) return null;
  if (endpoint === 'chat') {
    return {
      content: tokens.map((t) => ({
        token: t.text,
        logprob: t.logprob,
        bytes: bytesOf(t.text),
        top_logprobs: (t.top ?? []).map((alt) => ({ token: alt.token, logprob: alt.logprob, bytes: bytesOf(alt.token) })),
      })),
      refusal: null,
    };
  }
  let offset = 0;
  const textOffset = tokens.map((t) => {
    const at = offset;
    offset += t.text.length;
    return at;
  });
  return {
    tokens: tokens.map((t) => t.text),
    token_logprobs: tokens.map((t) => t.logprob),
    top_logprobs: tokens.map((t) => Object.fromEntries((t.top ?? []).map((alt) => [alt.token, alt.logprob]))),
    text_offset: textOffset,
  };
}

export function completionBody(endpoint: Endpoint, head: ResponseHead, choices: ChoiceContent[], usage: WireUsage, quorum?: QuorumExtension): unknown {
  const base = { ...head, object: endpoint === 'chat' ? 'chat.completion' : 'text_completion' };
  const wireChoices = choices.map((c, index) =>
    endpoint === 'chat'
      ? { index, message: { role: 'assistant', content: c.text, refusal: null }, logprobs: wireLogprobs(endpoint, c.logprobs), finish_reason: c.finishReason }
      : { index, text: c.text, logprobs: wireLogprobs(endpoint, c.logprobs), finish_reason: c.finishReason },
  );
  return { ...base, choices: wireChoices, usage, ...(quorum !== undefined && { quorum }) };
}

const chunkObject = (endpoint: Endpoint): string => (endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion');

/** The first chunk of a chat choice: its role (completions have no roles, so no such chunk). */
export const roleChunk = (head: ResponseHead, index: number): unknown => ({
  ...head,
  object: 'chat.completion.chunk',
  choices: [{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
});

export function contentChunk(endpoint: Endpoint, head: ResponseHead, index: number, text: string, logprobs?: GeneratedToken[]): unknown {
  const wire = wireLogprobs(endpoint, logprobs);
  const choice = endpoint === 'chat' ? { index, delta: { content: text }, logprobs: wire, finish_reason: null } : { index, text, logprobs: wire, finish_reason: null };
  return { ...head, object: chunkObject(endpoint), choices: [choice] };
}

export function finishChunk(endpoint: Endpoint, head: ResponseHead, index: number, reason: WireFinishReason, quorum?: QuorumExtension): unknown {
  const choice = endpoint === 'chat' ? { index, delta: {}, logprobs: null, finish_reason: reason } : { index, text: '', logprobs: null, finish_reason: reason };
  return { ...head, object: chunkObject(endpoint), choices: [choice], ...(quorum !== undefined && { quorum }) };
}

/** The last data chunk when the client asked for `stream_options.include_usage`. */
export const usageChunk = (endpoint: Endpoint, head: ResponseHead, usage: WireUsage): unknown => ({ ...head, object: chunkObject(endpoint), choices: [], usage });

/** Progress while samples are drawn, for clients that asked for it in chunks (`quorum.progress: "chunks"`). */
export const progressChunk = (endpoint: Endpoint, head: ResponseHead, progress: unknown): unknown => ({ ...head, object: chunkObject(endpoint), choices: [], quorum: { progress } });
