/**
 * Qwen2.5-Math evaluation dumps (`math_cot_100.jsonl`): one problem per line with the sampled texts
 * in `code`, the gold answer in `gt` and a reward-model score per sample in `pred_score[i][0]`.
 * Answers are extracted from the texts with the `math` answer kind (the recorded `pred` is ignored
 * so votes and grading use one normaliser). The dump has no token counts: samples carry `tokens: 0`
 * with `tokensCountedFrom: 'unknown'` and the questions say `tokensKnown: false`, so costs are reported as unknown, not estimated.
 */
import { getAnswerKind } from '../answers/registry.js';
import type { ChatMessage, Prompt } from '../core/types.js';
import { claimId, readGoldField, type FormatParser } from './format-parser.js';
import { fail, field, isFiniteNumber, readArray, readLabel, readString, type JsonLine } from './json-lines.js';
import { recordedSample, type RecordedQuestion } from './recorded-question.js';

export const parseQwen25: FormatParser = (lines, options) => {
  const answers = options.answers ?? getAnswerKind('math');
  const seen = new Set<string>();
  return lines.map((at): RecordedQuestion => {
    const id = readLabel(at, 'idx');
    claimId(seen, at, id, 'idx');
    const texts = readArray(at, 'code');
    const scores = readArray(at, 'pred_score');
    if (scores.length !== texts.length) fail(at, field('pred_score'), `${texts.length} scores (one per text in "code")`, scores);
    const samples = texts.map((text, index) => {
      if (typeof text !== 'string') fail(at, `field "code" item ${index}`, 'a string', text);
      const score = (scores[index] as unknown[] | undefined)?.[0];
      if (!isFiniteNumber(score)) fail(at, `field "pred_score" item ${index}`, '[score: number]', scores[index]);
      const sample = recordedSample({ index, text, answer: answers.extract(text), tokens: 0 });
      return { ...sample, score, tokensCountedFrom: 'unknown' as const };
    });
    return {
      id,
      gold: readGoldField(at, 'gt', answers, id),
      answerKind: answers,
      samples,
      prompt: promptOf(at),
      question: readString(at, 'question'),
      tokensKnown: false,
    };
  });
};

/** The recorded system prompt and question as a chat. */
function promptOf(at: JsonLine): Prompt {
  const messages: ChatMessage[] = [];
  if (typeof at.value['system'] === 'string') messages.push({ role: 'system', content: at.value['system'] });
  messages.push({ role: 'user', content: readString(at, 'question') });
  return messages;
}
