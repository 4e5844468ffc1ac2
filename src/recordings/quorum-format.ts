/**
 * quorum's own recorded-samples format (docs/sample-format.md): one question per line,
 * `{id, gold?, answers?, question?, prompt?, samples: [sample record…]}`. Each sample is a
 * sample record (sample-record.ts), so everything a Sample carries is kept and live runs replay
 * exactly. A sample with an empty text or a failed one loads as a sample that does not vote.
 */
import { z } from 'zod';
import type { AnswerKind } from '../answers/answer-kind.js';
import { exactAnswers } from '../answers/exact.js';
import { getAnswerKind } from '../answers/registry.js';
import type { Prompt } from '../core/types.js';
import { claimId, readGoldField, type FormatParser } from './format-parser.js';
import { fail, field, parseWith, readArray, readLabel, type JsonLine } from './json-lines.js';
import { questionText } from '../core/prompt.js';
import type { RecordedQuestion } from './recorded-question.js';
import { fromSampleRecord, sampleRecordSchema } from './sample-record.js';

const promptSchema = z.union(
  [z.string(), z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }))],
  { error: 'a string or an array of {role: system|user|assistant, content}' },
);

export const parseQuorum: FormatParser = (lines, options) => {
  const seen = new Set<string>();
  return lines.map((at): RecordedQuestion => {
    const id = readLabel(at, 'id');
    claimId(seen, at, id, 'id');
    const answers = options.answers ?? answerKindOf(at);
    const parsed = readArray(at, 'samples').map((raw, index) => fromSampleRecord(parseWith(sampleRecordSchema, raw, at, `sample ${index}`), index, answers));
    const question: RecordedQuestion = {
      id,
      gold: at.value['gold'] === undefined || at.value['gold'] === null ? null : readGoldField(at, 'gold', answers, id),
      answerKind: answers,
      samples: parsed.map((p) => p.sample),
      tokensKnown: parsed.every((p) => p.tokensKnown),
    };
    if (at.value['prompt'] !== undefined) question.prompt = parseWith(promptSchema, at.value['prompt'], at, field('prompt')) as Prompt;
    const text = at.value['question'] ?? (question.prompt === undefined ? undefined : questionText(question.prompt));
    if (text !== undefined) question.question = parseWith(z.string({ error: 'a string' }), text, at, field('question'));
    return question;
  });
};

function answerKindOf(at: JsonLine): AnswerKind {
  const name = at.value['answers'];
  if (name === undefined) return exactAnswers;
  if (typeof name !== 'string') return fail(at, field('answers'), 'an answer kind name', name);
  try {
    return getAnswerKind(name);
  } catch (cause) {
    return fail(at, field('answers'), `a known answer kind (${(cause as Error).message})`, name);
  }
}
