/**
 * One finished sample as a run store keeps it: a sample record (sample-record.ts, the serialisation
 * quorum JSONL uses too) plus where it belongs (question, index), the seed that made it and when it
 * finished, so a pool can be re-evaluated or resumed exactly. Lines of run folders written before the
 * shared record (with `usage` and `error` objects) still read.
 */
import { z } from 'zod';
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Sample } from '../core/types.js';
import { fromSampleRecord, sampleRecordSchema, toSampleRecord, type SampleRecord } from './sample-record.js';

export interface StoredSample extends SampleRecord {
  question: string;
  index: number;
  seed: number;
  /** The answer extracted when it was recorded; evaluation extracts again with the current answer kind. */
  answer: string | null;
  tokens: number;
  /** Epoch milliseconds when the sample finished. */
  finishedAt: number;
}

const count = z.int({ error: 'a non-negative integer' }).min(0, { error: 'a non-negative integer' });

export const storedSampleSchema = sampleRecordSchema.extend({
  question: z.string({ error: 'a question id string' }),
  index: count,
  seed: z.number({ error: 'a number' }),
  answer: z.string({ error: 'a string or null' }).nullable(),
  tokens: count,
  finishedAt: z.number({ error: 'epoch milliseconds' }),
});

/** The stored form of a backend sample. */
export function toStoredSample(
  sample: Sample,
  where: { question: string; index: number; seed: number; answer: string | null; latencyMs: number; finishedAt: number },
): StoredSample {
  const { seed: _sampleSeed, ...record } = toSampleRecord({ ...sample, latencyMs: where.latencyMs }, { tokensKnown: true });
  return { question: where.question, index: where.index, seed: where.seed, ...record, answer: where.answer, tokens: sample.tokens, finishedAt: where.finishedAt };
}

/** A stored sample back as a Sample, its answer extracted again by `answers` (the stored one is the recorder's). */
export function fromStoredSample(stored: StoredSample, answers: AnswerKind): Sample {
  const { question: _question, index, finishedAt: _finishedAt, answer: _recorded, ...record } = stored;
  return fromSampleRecord(record, index, answers).sample;
}

/** A line of a run folder written before the shared sample record (`usage` and `error` as objects) in today's layout. */
export function fromEarlierLayout(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { usage, error, ...rest } = value as Record<string, unknown>;
  const line: Record<string, unknown> = { ...rest };
  if (typeof usage === 'object' && usage !== null) {
    const { promptTokens, calls } = usage as { promptTokens?: number; calls?: number };
    if (promptTokens !== undefined && promptTokens > 0) line['promptTokens'] = promptTokens;
    if (calls !== undefined && calls !== 1) line['calls'] = calls;
  } else if (usage !== undefined) line['usage'] = usage;
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    line['error'] = message;
    if (name !== 'QuorumError') line['errorName'] = name;
  } else if (error !== undefined) line['error'] = error;
  return line;
}
