/**
 * Recorded samples as the replay backend and the evaluator see them: one question with its gold
 * answer, how answers are compared, and every sample recorded for it.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Prompt, Sample } from '../core/types.js';

export interface RecordedQuestion {
  /** Unique within its pool (the file's problem id or number). */
  id: string;
  /** Canonical gold answer; `null` when the recording has none (the question cannot be graded). */
  gold: string | null;
  /** How answers of this question are extracted and compared. */
  answerKind: AnswerKind;
  /** Recorded samples in recorded order; `answer` is already extracted (`null` = abstention). */
  samples: Sample[];
  prompt?: Prompt;
  /**
   * The question as the task states it, for checker kinds (answer-kind.ts): a dataset's question,
   * a recording's `question` field, else the prompt's text.
   */
  question?: string;
  /**
   * Model calls recorded besides the samples (step checks, revisions, verifications), each with the
   * prompt it answered, so self-feedback procedures can be replayed without new calls.
   */
  calls?: RecordedCall[];
  /**
   * Whether every sample's `tokens` is a real count. When false the recording had no token counts,
   * `tokens` is 0 on every sample, and token costs must be reported as unknown, never as 0.
   */
  tokensKnown: boolean;
}

/** One recorded model call other than a solution: what was asked and what came back. */
export interface RecordedCall {
  /** What the call was for (`step-check`, `revise`, `verify`, …). */
  stage: string;
  prompt: Prompt;
  /** The call's seed, for sampled calls (greedy calls are answered by prompt alone). */
  seed?: number;
  reply: Sample;
}

/** The recorded formats quorum reads; see docs/sample-format.md. */
export type SampleFormat = 'boinf' | 'qwen25' | 'toy-arith' | 'toy-arith-sf' | 'sc-genrm' | 'quorum';

export const sampleFormats: readonly SampleFormat[] = ['boinf', 'qwen25', 'toy-arith', 'toy-arith-sf', 'sc-genrm', 'quorum'];

/** The questions of one recorded file. */
export interface SamplePool {
  /** The file the pool came from (as given by the caller). */
  source: string;
  format: SampleFormat;
  questions: RecordedQuestion[];
}

/** A finished recorded sample with completion-only usage (recordings do not keep prompt tokens). */
export function recordedSample(fields: {
  index: number;
  text: string;
  answer: string | null;
  tokens: number;
}): Sample {
  return {
    index: fields.index,
    text: fields.text,
    answer: fields.answer,
    tokens: fields.tokens,
    finishReason: 'stop',
    status: 'ok',
    usage: { promptTokens: 0, completionTokens: fields.tokens, calls: 1 },
  };
}
