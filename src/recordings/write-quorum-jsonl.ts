/**
 * Writing recorded questions in quorum's own JSONL format (docs/sample-format.md), the inverse of
 * `parseQuorum`: what is written reads back to the same questions.
 */
import { rename, writeFile } from 'node:fs/promises';
import type { GeneratedToken, Sample } from '../core/types.js';
import type { RecordedQuestion } from './recorded-question.js';

/** One question as one JSON line (without the newline). */
export function toQuorumLine(question: RecordedQuestion): string {
  const line: Record<string, unknown> = { id: question.id, gold: question.gold, answers: question.answerKind.name };
  if (question.prompt !== undefined) line['prompt'] = question.prompt;
  line['samples'] = question.samples.map((s) => sampleRecord(s, question.tokensKnown));
  return JSON.stringify(line);
}

/**
 * Writes the questions to `file`, replacing it only once everything is written (a temporary file is
 * renamed into place), so a failure never leaves a half-written recording.
 */
export async function writeQuorumJsonl(file: string, questions: readonly RecordedQuestion[]): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, questions.map((q) => `${toQuorumLine(q)}\n`).join(''), 'utf8');
  await rename(temporary, file);
}

function sampleRecord(sample: Sample, tokensKnown: boolean): Record<string, unknown> {
  const record: Record<string, unknown> = { text: sample.text };
  // An answer not yet extracted is left out, so reading the line back extracts it from the text.
  if (sample.answer !== undefined) record['answer'] = sample.answer;
  if (tokensKnown) record['tokens'] = sample.tokens;
  if (tokensKnown && sample.tokensCountedFrom !== undefined) record['tokensCountedFrom'] = sample.tokensCountedFrom;
  if (sample.usage.promptTokens > 0) record['promptTokens'] = sample.usage.promptTokens;
  if (sample.status !== 'ok') record['status'] = sample.status;
  if (sample.finishReason !== (sample.status === 'ok' ? 'stop' : sample.status)) record['finishReason'] = sample.finishReason;
  if (sample.error !== undefined) record['error'] = sample.error.message;
  if (sample.logprobs !== undefined) record['logprobs'] = compactLogprobs(sample.logprobs);
  if (sample.score !== undefined) record['score'] = sample.score;
  if (sample.seed !== undefined) record['seed'] = sample.seed;
  if (sample.latencyMs !== undefined) record['latencyMs'] = sample.latencyMs;
  return record;
}

/** Plain numbers when the tokens carry nothing but a logprob (a third of the size); objects otherwise. */
function compactLogprobs(tokens: readonly GeneratedToken[]): (number | GeneratedToken)[] {
  const bare = tokens.every((t) => t.text === '' && t.logprob !== undefined && Object.keys(t).length === 2);
  return bare ? tokens.map((t) => t.logprob as number) : tokens.slice();
}
