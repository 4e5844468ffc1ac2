/**
 * Writing recorded questions in quorum's own JSONL format (docs/sample-format.md), the inverse of
 * `parseQuorum`: what is written reads back to the same questions. Samples are written as sample
 * records (sample-record.ts), the serialisation the run store uses too.
 */
import { rename, writeFile } from 'node:fs/promises';
import type { RecordedQuestion } from './recorded-question.js';
import { toSampleRecord } from './sample-record.js';

/** One question as one JSON line (without the newline). */
export function toQuorumLine(question: RecordedQuestion): string {
  const line: Record<string, unknown> = { id: question.id, gold: question.gold, answers: question.answerKind.name };
  if (question.question !== undefined) line['question'] = question.question;
  if (question.prompt !== undefined) line['prompt'] = question.prompt;
  line['samples'] = question.samples.map((s) => toSampleRecord(s, { tokensKnown: question.tokensKnown }));
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
