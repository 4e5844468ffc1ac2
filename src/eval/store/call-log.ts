/**
 * A run's self-feedback calls (`calls.jsonl`): every step check, verification, critique and revision
 * made while recording a loop, one crash-safe line each with the prompt it answered, the question it
 * belongs to and its reply stored as a sample is. `quorum eval --run` answers a loop's calls from here
 * (eval/recorded-replies.ts), so verification-based strategies and loops re-evaluate without new calls.
 */
import path from 'node:path';
import { z } from 'zod';
import type { AnswerKind } from '../../answers/answer-kind.js';
import type { Prompt } from '../../core/types.js';
import { parseWith, type JsonLine } from '../../recordings/json-lines.js';
import type { RecordedCall } from '../../recordings/recorded-question.js';
import { fromStoredSample, storedSampleSchema, type StoredSample } from '../../recordings/stored-sample.js';
import { openJsonLog, readJsonLog, type JsonLogWriter } from './json-log.js';

export const CALLS = 'calls.jsonl';

export interface StoredCall {
  question: string;
  stage: string;
  prompt: Prompt;
  /** Set for sampled calls (temperature > 0); greedy ones are answered by prompt alone. */
  seed?: number;
  reply: StoredSample;
}

const storedCallSchema = z.object({
  question: z.string({ error: 'a question id string' }),
  stage: z.string({ error: 'a stage name' }),
  prompt: z.union([z.string(), z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }))], { error: 'a prompt: text or chat messages' }),
  seed: z.number({ error: 'a number' }).optional(),
  reply: storedSampleSchema,
});

function readCall(at: JsonLine): StoredCall {
  parseWith(storedCallSchema, at.value, at, 'feedback call');
  return at.value as unknown as StoredCall;
}

/** Recorded calls per question id, in the order they were made; replies graded by `answers` (a revision's answer counts). */
export function readCalls(dir: string, answers: AnswerKind): Map<string, RecordedCall[]> {
  const byQuestion = new Map<string, RecordedCall[]>();
  for (const call of readJsonLog(path.join(dir, CALLS), readCall).records) {
    const list = byQuestion.get(call.question) ?? [];
    list.push({ stage: call.stage, prompt: call.prompt, ...(call.seed !== undefined && { seed: call.seed }), reply: fromStoredSample(call.reply, answers) });
    byQuestion.set(call.question, list);
  }
  return byQuestion;
}

export const openCallLog = (dir: string): JsonLogWriter<StoredCall> => openJsonLog(path.join(dir, CALLS), readCall, 'feedback call');
