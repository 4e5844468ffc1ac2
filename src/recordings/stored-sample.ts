/**
 * One finished sample as it is stored: everything the backend returned plus where it belongs (question,
 * index), the seed that made it and when it finished, so a pool can be re-evaluated or resumed exactly.
 */
import { QuorumError } from '../core/errors.js';
import type { FinishReason, GeneratedToken, Sample, SampleStatus, Usage } from '../core/types.js';

export interface StoredSample {
  question: string;
  index: number;
  seed: number;
  text: string;
  /** The answer extracted when it was recorded; evaluation extracts again with the current answer kind. */
  answer: string | null;
  tokens: number;
  logprobs?: GeneratedToken[];
  usage: Usage;
  finishReason: FinishReason;
  status: SampleStatus;
  error?: { name: string; message: string };
  latencyMs: number;
  /** Epoch milliseconds when the sample finished. */
  finishedAt: number;
}

/** The stored form of a backend sample. */
export function toStoredSample(
  sample: Sample,
  where: { question: string; index: number; seed: number; answer: string | null; latencyMs: number; finishedAt: number },
): StoredSample {
  const stored: StoredSample = {
    question: where.question,
    index: where.index,
    seed: where.seed,
    text: sample.text,
    answer: where.answer,
    tokens: sample.tokens,
    usage: sample.usage,
    finishReason: sample.finishReason,
    status: sample.status,
    latencyMs: where.latencyMs,
    finishedAt: where.finishedAt,
  };
  if (sample.logprobs !== undefined) stored.logprobs = sample.logprobs;
  if (sample.error !== undefined) stored.error = { name: sample.error.name, message: sample.error.message };
  return stored;
}

/** A stored sample back as a Sample, with no answer yet so the current answer kind extracts it. */
export function fromStoredSample(stored: StoredSample): Sample {
  const sample: Sample = {
    index: stored.index,
    text: stored.text,
    tokens: stored.tokens,
    finishReason: stored.finishReason,
    status: stored.status,
    usage: stored.usage,
    seed: stored.seed,
    latencyMs: stored.latencyMs,
  };
  if (stored.logprobs !== undefined) sample.logprobs = stored.logprobs;
  if (stored.error !== undefined) sample.error = new QuorumError(`${stored.error.name}: ${stored.error.message}`);
  return sample;
}
