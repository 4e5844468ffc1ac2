/**
 * quorum's own recorded-samples format (docs/sample-format.md): one question per line,
 * `{id, gold?, answers?, prompt?, samples: [{text?, answer?, tokens?, logprobs?, score?, status?, …}]}`.
 * It keeps everything a Sample can carry, so live runs can be recorded and replayed exactly.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import { exactAnswers } from '../answers/exact.js';
import { getAnswerKind } from '../answers/registry.js';
import { QuorumError } from '../core/errors.js';
import type { ChatMessage, FinishReason, GeneratedToken, Prompt, Sample, SampleStatus } from '../core/types.js';
import { claimId, type FormatParser } from './format-parser.js';
import { fail, field, isFiniteNumber, isTokenCount, readArray, readLabel, type JsonLine } from './json-lines.js';
import type { RecordedQuestion } from './recorded-question.js';

const STATUSES: readonly SampleStatus[] = ['ok', 'error', 'aborted'];
const FINISH_REASONS: readonly FinishReason[] = ['stop', 'length', 'aborted', 'error'];
const ROLES: readonly string[] = ['system', 'user', 'assistant'];
const COUNTED_FROM: readonly NonNullable<Sample['tokensCountedFrom']>[] = ['logprobs', 'stream', 'split'];

export const parseQuorum: FormatParser = (lines, options) => {
  const seen = new Set<string>();
  return lines.map((at): RecordedQuestion => {
    const id = readLabel(at, 'id');
    claimId(seen, at, id, 'id');
    const answers = options.answers ?? answerKindOf(at);
    const gold = at.value['gold'] === undefined || at.value['gold'] === null ? null : answers.normalize(readLabel(at, 'gold'));
    const parsed = readArray(at, 'samples').map((raw, index) => parseSample(at, raw, index, answers));
    const question: RecordedQuestion = {
      id,
      gold,
      answerKind: answers,
      samples: parsed.map((p) => p.sample),
      tokensKnown: parsed.every((p) => p.tokensKnown),
    };
    if (at.value['prompt'] !== undefined) question.prompt = parsePrompt(at);
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

/** One sample; a missing `tokens` makes the question's token counts unknown (stored as 0). */
function parseSample(at: JsonLine, raw: unknown, index: number, answers: AnswerKind): { sample: Sample; tokensKnown: boolean } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(at, `sample ${index}`, 'an object', raw);
  const fields = raw as Record<string, unknown>;
  const where = (key: string): string => `sample ${index} field "${key}"`;
  const tokensKnown = fields['tokens'] !== undefined;
  const tokens = fields['tokens'] ?? 0;
  if (!isTokenCount(tokens)) fail(at, where('tokens'), 'a non-negative integer', tokens);
  const text = fields['text'] ?? '';
  if (typeof text !== 'string') fail(at, where('text'), 'a string', text);
  const answer = fields['answer'];
  if (answer === undefined && text === '') fail(at, `sample ${index}`, 'a "text" or an "answer"', fields);
  if (answer !== undefined && answer !== null && typeof answer !== 'string') fail(at, where('answer'), 'a string or null', answer);
  const status = oneOf(at, fields, 'status', STATUSES, 'ok', where);
  const finishReason = oneOf(at, fields, 'finishReason', FINISH_REASONS, defaultFinish(status), where);
  const promptTokens = fields['promptTokens'] ?? 0;
  if (!isTokenCount(promptTokens)) fail(at, where('promptTokens'), 'a non-negative integer', promptTokens);
  const sample: Sample = {
    index,
    text,
    answer: answer === undefined ? answers.extract(text) : answer === null ? null : answers.normalize(answer),
    tokens,
    finishReason,
    status,
    usage: { promptTokens, completionTokens: tokens, calls: 1 },
  };
  if (!tokensKnown) sample.tokensCountedFrom = 'unknown';
  else if (fields['tokensCountedFrom'] !== undefined) {
    sample.tokensCountedFrom = oneOf(at, fields, 'tokensCountedFrom', COUNTED_FROM, 'logprobs', where);
  }
  if (fields['logprobs'] !== undefined) sample.logprobs = parseLogprobs(at, fields['logprobs'], where('logprobs'));
  for (const key of ['score', 'latencyMs', 'seed'] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (!isFiniteNumber(value)) fail(at, where(key), 'a number', value);
    sample[key] = value;
  }
  if (fields['error'] !== undefined) {
    if (typeof fields['error'] !== 'string') fail(at, where('error'), 'an error message string', fields['error']);
    sample.error = new QuorumError(fields['error']);
  }
  return { sample, tokensKnown };
}

function oneOf<T extends string>(
  at: JsonLine,
  fields: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  fallback: T,
  where: (key: string) => string,
): T {
  const value = fields[key];
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) fail(at, where(key), `one of ${allowed.join(', ')}`, value);
  return value as T;
}

const defaultFinish = (status: SampleStatus): FinishReason => (status === 'ok' ? 'stop' : status);

/** Either plain numbers (sampled-token logprobs) or GeneratedToken objects. */
function parseLogprobs(at: JsonLine, raw: unknown, where: string): GeneratedToken[] {
  if (!Array.isArray(raw)) fail(at, where, 'an array of numbers or token objects', raw);
  return raw.map((item, i) => {
    if (isFiniteNumber(item)) return { text: '', logprob: item };
    const token = item as GeneratedToken | null;
    if (typeof token !== 'object' || token === null || typeof token.text !== 'string') {
      fail(at, `${where} item ${i}`, 'a number or {text, logprob?, top?, entropy?, selfCertainty?}', item);
    }
    return token;
  });
}

function parsePrompt(at: JsonLine): Prompt {
  const prompt = at.value['prompt'];
  if (typeof prompt === 'string') return prompt;
  const valid =
    Array.isArray(prompt) &&
    prompt.every((m: Partial<ChatMessage> | null) => typeof m?.content === 'string' && ROLES.includes(m.role ?? ''));
  if (!valid) fail(at, field('prompt'), 'a string or an array of {role: system|user|assistant, content}', prompt);
  return prompt as ChatMessage[];
}
