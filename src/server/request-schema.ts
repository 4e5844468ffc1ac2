/**
 * The request bodies `quorum serve` accepts, checked with zod: OpenAI's chat and legacy completion
 * requests (fields quorum does not use are let through for pass-through), plus the `quorum` object,
 * which is strict so a misspelt option fails instead of being ignored. Add a field to `quorumField`
 * (and to docs/serve.md) to extend what a request can ask for.
 */
import { z } from 'zod';
import type { ChatMessage } from '../core/types.js';
import { badRequest, type ServeError } from './errors.js';

export const quorumField = z.strictObject({
  /** Strategy spec as on the CLI (`majority`, `weighted:weight=normalized-probability`), or `none` to pass through. */
  strategy: z.string().min(1).optional(),
  /** Most samples (n and max_samples mean the same; give one). */
  n: z.int().min(1).optional(),
  max_samples: z.int().min(1).optional(),
  /** Stop rule spec as on the CLI (`auto`, `beta:threshold=0.9`), or `none` to draw all samples. */
  stop: z.string().min(1).optional(),
  max_tokens_total: z.int().min(1).optional(),
  answer: z.string().min(1).optional(),
  abstain_below: z.number().min(0).max(1).optional(),
  concurrency: z.int().min(1).optional(),
  /** How progress is streamed: SSE comment lines (default), `quorum` fields in chunks, or not at all. */
  progress: z.enum(['comments', 'chunks', 'none']).optional(),
});
export type QuorumField = z.infer<typeof quorumField>;

/** What every request is read for first, to decide between pass-through and quorum. */
const envelope = z.looseObject({ model: z.string(), quorum: quorumField.optional() });

const stopField = z.union([z.string(), z.array(z.string())]).nullish();
const samplingFields = {
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  n: z.int().min(1).max(128).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  max_tokens: z.int().min(1).nullish(),
  max_completion_tokens: z.int().min(1).nullish(),
  stop: stopField,
  seed: z.int().nullish(),
};

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(textPart)]),
});

const chatBody = z.looseObject({
  ...samplingFields,
  messages: z.array(message).min(1),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
});

const completionBody = z.looseObject({
  ...samplingFields,
  prompt: z.union([z.string().min(1), z.array(z.string().min(1)).length(1)]),
  logprobs: z.int().min(0).max(20).nullish(),
});

/** Fields that change what the model must produce, which voting on answers cannot honour. */
const UNSUPPORTED = ['tools', 'tool_choice', 'functions', 'function_call', 'response_format', 'audio', 'modalities', 'prediction', 'echo', 'suffix', 'best_of'];

export type Endpoint = 'chat' | 'completion';

export interface GenerationRequest {
  endpoint: Endpoint;
  model: string;
  input: { chat: ChatMessage[] } | { text: string };
  /** Choices the client wants (its `n`). */
  choices: number;
  stream: boolean;
  includeUsage: boolean;
  logprobs: boolean;
  topLogprobs: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stopSequences: string[];
  seed?: number;
  quorum?: QuorumField;
}

function firstIssue(error: z.ZodError, what: string): ServeError {
  const issue = error.issues[0];
  const path = issue?.path.join('.') ?? '';
  if (issue?.code === 'unrecognized_keys' && path === 'quorum') {
    return badRequest(`unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `quorum.${k}`).join(', ')}; the quorum object takes ${Object.keys(quorumField.shape).join(', ')}`, 'quorum', 'unknown_field');
  }
  return badRequest(`${what}: ${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid'}`, path === '' ? null : path);
}

/** The body as JSON, or a 400 saying it is not. */
export function parseJsonBody(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw badRequest(`the request body is not valid JSON (${(cause as Error).message})`, null, 'invalid_json');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw badRequest('the request body must be a JSON object', null, 'invalid_json');
  return json as Record<string, unknown>;
}

export function parseEnvelope(body: Record<string, unknown>): { model: string; quorum?: QuorumField } {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) throw firstIssue(parsed.error, 'invalid request');
  const { model, quorum } = parsed.data;
  if (quorum?.n !== undefined && quorum.max_samples !== undefined) throw badRequest('give quorum.n or quorum.max_samples, not both', 'quorum.n');
  return quorum === undefined ? { model } : { model, quorum };
}

const contentText = (content: string | { text: string }[]): string => (typeof content === 'string' ? content : content.map((p) => p.text).join(''));

/** The whole body of a request quorum generates for itself (not passed through). */
export function parseGenerationRequest(endpoint: Endpoint, body: Record<string, unknown>): GenerationRequest {
  const unsupported = UNSUPPORTED.find((name) => body[name] !== undefined && body[name] !== null && !(name === 'response_format' && isTextFormat(body[name])));
  if (unsupported !== undefined) {
    throw badRequest(`"${unsupported}" is not supported when quorum votes (answers are compared, not tool calls or formats); send it with quorum.strategy "none" to pass it through`, unsupported, 'unsupported_field');
  }
  const { model, quorum } = parseEnvelope(body);
  const what = endpoint === 'chat' ? 'invalid chat completion request' : 'invalid completion request';
  let data: z.infer<typeof chatBody> | z.infer<typeof completionBody>;
  let input: GenerationRequest['input'];
  let logprobs: boolean;
  let topLogprobs: number;
  if (endpoint === 'chat') {
    const parsed = chatBody.safeParse(body);
    if (!parsed.success) throw firstIssue(parsed.error, what);
    data = parsed.data;
    input = { chat: parsed.data.messages.map((m) => ({ role: m.role === 'developer' ? 'system' : m.role, content: contentText(m.content) })) };
    logprobs = parsed.data.logprobs === true;
    topLogprobs = parsed.data.top_logprobs ?? 0;
  } else {
    const parsed = completionBody.safeParse(body);
    if (!parsed.success) throw firstIssue(parsed.error, what);
    data = parsed.data;
    input = { text: [parsed.data.prompt].flat()[0] as string };
    logprobs = parsed.data.logprobs !== undefined && parsed.data.logprobs !== null;
    topLogprobs = parsed.data.logprobs ?? 0;
  }
  const stop = data.stop === undefined || data.stop === null ? [] : [data.stop].flat().filter((s) => s !== '');
  const request: GenerationRequest = {
    endpoint,
    model,
    input,
    choices: data.n ?? 1,
    stream: data.stream === true,
    includeUsage: data.stream_options?.include_usage === true,
    logprobs,
    topLogprobs,
    stopSequences: stop,
  };
  const maxTokens = data.max_completion_tokens ?? data.max_tokens;
  if (data.temperature !== undefined && data.temperature !== null) request.temperature = data.temperature;
  if (data.top_p !== undefined && data.top_p !== null) request.topP = data.top_p;
  if (maxTokens !== undefined && maxTokens !== null) request.maxTokens = maxTokens;
  if (data.seed !== undefined && data.seed !== null) request.seed = data.seed;
  if (quorum !== undefined) request.quorum = quorum;
  return request;
}

function isTextFormat(format: unknown): boolean {
  return typeof format === 'object' && format !== null && (format as { type?: unknown }).type === 'text';
}
