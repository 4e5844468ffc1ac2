/**
 * OpenAI's response, chunk and error shapes as zod schemas, to check every body and chunk
 * `quorum serve` sends against what strict clients require (required fields, types, enums, sums).
 */
import { z } from 'zod';

const finishReason = z.enum(['stop', 'length']);
const usage = z
  .strictObject({ prompt_tokens: z.int().min(0), completion_tokens: z.int().min(0), total_tokens: z.int().min(0) })
  .refine((u) => u.total_tokens === u.prompt_tokens + u.completion_tokens, 'total_tokens is the sum');
const head = { id: z.string().min(1), created: z.int().positive(), model: z.string() };

export const quorumExtension = z.strictObject({
  answer: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  confidence_kind: z.enum(['vote-share', 'weight-share', 'probability']),
  abstained: z.boolean(),
  strategy: z.string(),
  votes: z.array(z.strictObject({ answer: z.string(), count: z.int().min(1), weight: z.number() })),
  samples: z.strictObject({ used: z.int().min(0), total: z.int().min(0), failed: z.int().min(0), cancelled: z.int().min(0) }),
  stop: z.strictObject({ rule: z.string(), reason: z.string() }).nullable(),
});

const chatLogprobs = z.strictObject({
  content: z.array(z.strictObject({ token: z.string(), logprob: z.number(), bytes: z.array(z.int()), top_logprobs: z.array(z.strictObject({ token: z.string(), logprob: z.number(), bytes: z.array(z.int()) })) })),
  refusal: z.null(),
});

export const chatCompletion = z.strictObject({
  ...head,
  object: z.literal('chat.completion'),
  choices: z.array(
    z.strictObject({
      index: z.int().min(0),
      message: z.strictObject({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
      logprobs: chatLogprobs.nullable(),
      finish_reason: finishReason,
    }),
  ).min(1),
  usage,
  quorum: quorumExtension.optional(),
});

export const textCompletion = z.strictObject({
  ...head,
  object: z.literal('text_completion'),
  choices: z.array(z.strictObject({ index: z.int().min(0), text: z.string(), logprobs: z.unknown(), finish_reason: finishReason })).min(1),
  usage,
  quorum: quorumExtension.optional(),
});

export const chatChunk = z.strictObject({
  ...head,
  object: z.literal('chat.completion.chunk'),
  choices: z.array(
    z.strictObject({
      index: z.int().min(0),
      delta: z.strictObject({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      logprobs: chatLogprobs.nullable(),
      finish_reason: finishReason.nullable(),
    }),
  ),
  usage: usage.optional(),
  quorum: z.union([quorumExtension, z.strictObject({ progress: z.unknown() })]).optional(),
});

export const textChunk = z.strictObject({
  ...head,
  object: z.literal('text_completion'),
  choices: z.array(z.strictObject({ index: z.int().min(0), text: z.string(), logprobs: z.unknown(), finish_reason: finishReason.nullable() })),
  usage: usage.optional(),
  quorum: z.union([quorumExtension, z.strictObject({ progress: z.unknown() })]).optional(),
});

export const errorBody = z.strictObject({
  error: z.strictObject({ message: z.string().min(1), type: z.string().min(1), param: z.string().nullable(), code: z.string().nullable() }),
});

/** The parsed value, or a test failure naming what was wrong. */
export function expectShape<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`not OpenAI-shaped: ${z.prettifyError(parsed.error)}\n${JSON.stringify(value).slice(0, 1000)}`);
  return parsed.data;
}

/** An SSE body read whole: its data events (chunks, `[DONE]`) and its comment lines, in order. */
export function readEventStream(text: string): { data: string[]; comments: string[] } {
  const data: string[] = [];
  const comments: string[] = [];
  for (const event of text.split(/\n\n/)) {
    for (const line of event.split('\n')) {
      if (line.startsWith('data: ')) data.push(line.slice(6));
      else if (line.startsWith(':')) comments.push(line.slice(1).trim());
    }
  }
  return { data, comments };
}
