/**
 * One recorded sample as a JSON object — the one serialisation of a `Sample`, shared by quorum JSONL
 * (`samples[i]` of a question line) and the run store (one line per sample, with where it belongs).
 * The schema is the single place a recorded sample is validated; every field but `text` is optional
 * and defaults to what a plain finished sample has (docs/sample-format.md).
 *
 * An empty `text` is a sample like any other: with no `answer` it has none (an abstention), and a
 * failed or cancelled sample (`status` error/aborted) never votes whatever it holds.
 */
import { z } from 'zod';
import type { AnswerKind } from '../answers/answer-kind.js';
import { QuorumError } from '../core/errors.js';
import type { GeneratedToken, Sample } from '../core/types.js';

const count = (what = 'a non-negative integer') => z.int({ error: what }).min(0, { error: what });
const number = z.number({ error: 'a number' }).refine(Number.isFinite, { error: 'a finite number' });

const tokenSchema = z.object({
  text: z.string(),
  logprob: z.number().optional(),
  top: z.array(z.object({ token: z.string(), logprob: z.number() })).optional(),
  entropy: z.number().optional(),
  selfCertainty: z.number().optional(),
});

export const sampleRecordSchema = z.object(
  {
  /** Absent: `""`. */
  text: z.string({ error: 'a string' }).optional(),
  /** Absent: extracted from `text` by the answer kind. `null`: no answer. */
  answer: z.string({ error: 'a string or null' }).nullable().optional(),
  /** Absent: the token count is unknown (never read as 0). */
  tokens: count().optional(),
  tokensCountedFrom: z.enum(['logprobs', 'stream', 'split'], { error: 'one of logprobs, stream, split' }).optional(),
  promptTokens: count().optional(),
  /** Model calls behind the sample when not 1 (an unserved replay sample made none). */
  calls: count().optional(),
  /** Absent: `ok`. */
  status: z.enum(['ok', 'error', 'aborted'], { error: 'one of ok, error, aborted' }).optional(),
  finishReason: z.enum(['stop', 'length', 'aborted', 'error'], { error: 'one of stop, length, aborted, error' }).optional(),
  error: z.string({ error: 'an error message string' }).optional(),
  /** The error's class name (`RateLimitError`), when it had one of its own. */
  errorName: z.string({ error: 'an error class name' }).optional(),
  logprobs: z
    .array(z.union([number, tokenSchema], { error: 'a number or {text, logprob?, top?, entropy?, selfCertainty?}' }), {
      error: 'an array of numbers or token objects',
    })
    .optional(),
  score: number.optional(),
  seed: number.optional(),
  latencyMs: number.optional(),
  source: z.string({ error: 'a string' }).optional(),
  },
  { error: 'an object' },
);

export type SampleRecord = z.output<typeof sampleRecordSchema>;

/** An error read back from a recording: the recorded message under the recorded error's class name. */
export class RecordedError extends QuorumError {
  override readonly name: string;
  constructor(message: string, name: string | undefined) {
    super(message);
    this.name = name ?? 'QuorumError';
  }
}

/**
 * The record of a sample. `tokensKnown: false` leaves `tokens` out (the recording had no counts), so
 * it reads back as unknown rather than 0. An answer not yet extracted is left out, so reading the
 * record back extracts it from the text.
 */
export function toSampleRecord(sample: Sample, options: { tokensKnown: boolean }): SampleRecord {
  const record: SampleRecord = { text: sample.text };
  if (sample.answer !== undefined) record.answer = sample.answer;
  if (options.tokensKnown && sample.tokensCountedFrom !== 'unknown') {
    record.tokens = sample.tokens;
    if (sample.tokensCountedFrom !== undefined) record.tokensCountedFrom = sample.tokensCountedFrom;
  }
  if (sample.usage.promptTokens > 0) record.promptTokens = sample.usage.promptTokens;
  if (sample.usage.calls !== 1) record.calls = sample.usage.calls;
  if (sample.status !== 'ok') record.status = sample.status;
  if (sample.finishReason !== defaultFinish(sample.status)) record.finishReason = sample.finishReason;
  if (sample.error !== undefined) {
    record.error = sample.error.message;
    if (sample.error.name !== 'QuorumError') record.errorName = sample.error.name;
  }
  if (sample.logprobs !== undefined) record.logprobs = compactLogprobs(sample.logprobs);
  for (const key of ['score', 'seed', 'latencyMs'] as const) {
    const value = sample[key];
    if (value !== undefined) record[key] = value;
  }
  if (sample.source !== undefined) record.source = sample.source;
  return record;
}

/**
 * The Sample a validated record stands for. `answers` extracts the answer from the text when the
 * record gives none; a sample that did not finish normally has no answer (it never votes).
 */
export function fromSampleRecord(record: SampleRecord, index: number, answers: AnswerKind): { sample: Sample; tokensKnown: boolean } {
  const tokensKnown = record.tokens !== undefined;
  const tokens = record.tokens ?? 0;
  const text = record.text ?? '';
  const status = record.status ?? 'ok';
  const answer = status !== 'ok' ? null : record.answer === undefined ? answers.extract(text) : record.answer === null ? null : answers.normalize(record.answer);
  const sample: Sample = {
    index,
    text,
    answer,
    tokens,
    finishReason: record.finishReason ?? defaultFinish(status),
    status,
    usage: { promptTokens: record.promptTokens ?? 0, completionTokens: tokens, calls: record.calls ?? 1 },
  };
  if (!tokensKnown) sample.tokensCountedFrom = 'unknown';
  else if (record.tokensCountedFrom !== undefined) sample.tokensCountedFrom = record.tokensCountedFrom;
  if (record.logprobs !== undefined) sample.logprobs = record.logprobs.map((item) => (typeof item === 'number' ? { text: '', logprob: item } : stripUndefined(item)));
  for (const key of ['score', 'seed', 'latencyMs'] as const) {
    const value = record[key];
    if (value !== undefined) sample[key] = value;
  }
  if (record.source !== undefined) sample.source = record.source;
  if (record.error !== undefined) sample.error = new RecordedError(record.error, record.errorName);
  return { sample, tokensKnown };
}

const defaultFinish = (status: Sample['status']): Sample['finishReason'] => (status === 'ok' ? 'stop' : status);

/** Plain numbers when the tokens carry nothing but a logprob (a third of the size); objects otherwise. */
function compactLogprobs(tokens: readonly GeneratedToken[]): (number | GeneratedToken)[] {
  const bare = tokens.every((t) => t.text === '' && t.logprob !== undefined && Object.keys(t).length === 2);
  return bare ? tokens.map((t) => t.logprob as number) : tokens.slice();
}

/** A parsed token without the keys zod reports as `undefined` (exact optional properties). */
function stripUndefined(token: z.output<typeof tokenSchema>): GeneratedToken {
  return Object.fromEntries(Object.entries(token).filter(([, value]) => value !== undefined)) as unknown as GeneratedToken;
}
