/**
 * A run's self-feedback calls (`calls.jsonl`): every step check, verification, critique and revision
 * made while recording a loop, one crash-safe line each with the prompt it answered, the question it
 * belongs to and its reply stored as a sample is. `quorum eval --run` answers a loop's calls from here
 * (eval/recorded-replies.ts), so verification-based strategies and loops re-evaluate without new calls.
 */
import path from 'node:path';
import type { Prompt } from '../../core/types.js';
import type { RecordedCall } from '../../backends/replay/recorded-question.js';
import { openJsonLog, readJsonLog, type JsonLogWriter } from './json-log.js';
import { fromStoredSample, type StoredSample } from './stored-sample.js';

export const CALLS = 'calls.jsonl';

export interface StoredCall {
  question: string;
  stage: string;
  prompt: Prompt;
  /** Set for sampled calls (temperature > 0); greedy ones are answered by prompt alone. */
  seed?: number;
  reply: StoredSample;
}

function parseCall(value: unknown): StoredCall | undefined {
  const v = value as Partial<StoredCall> | null;
  const promptOk = typeof v?.prompt === 'string' || Array.isArray(v?.prompt);
  if (typeof v !== 'object' || v === null || typeof v.question !== 'string' || typeof v.stage !== 'string' || !promptOk || typeof v.reply?.text !== 'string') return undefined;
  return v as StoredCall;
}

/** Recorded calls per question id, in the order they were made. */
export function readCalls(dir: string): Map<string, RecordedCall[]> {
  const byQuestion = new Map<string, RecordedCall[]>();
  for (const call of readJsonLog(path.join(dir, CALLS), parseCall, 'feedback call').records) {
    const list = byQuestion.get(call.question) ?? [];
    list.push({ stage: call.stage, prompt: call.prompt, ...(call.seed !== undefined && { seed: call.seed }), reply: fromStoredSample(call.reply) });
    byQuestion.set(call.question, list);
  }
  return byQuestion;
}

export const openCallLog = (dir: string): JsonLogWriter<StoredCall> => openJsonLog(path.join(dir, CALLS), parseCall, 'feedback call');
