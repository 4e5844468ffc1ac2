/**
 * BoInf recordings (jkomiyama/BoInf-code-publish `analysis_*.jsonl`): one problem per line with
 * `all_answers[i] = [extracted_answer, generated_tokens]`. Answers are already normalised; `""` or
 * `null` means nothing could be extracted and becomes an abstention (never a vote — the file's own
 * `majority_answer` wrongly counts `""`). Texts were not recorded, so `text` is empty.
 */
import { exactAnswers } from '../answers/exact.js';
import { claimId, readGoldField, type FormatParser } from './format-parser.js';
import { fail, isTokenCount, readArray, readLabel } from './json-lines.js';
import { recordedSample, type RecordedQuestion } from './recorded-question.js';

const PAIR = '[answer: string or null, tokens: non-negative integer]';

export const parseBoinf: FormatParser = (lines, options) => {
  const answers = options.answers ?? exactAnswers;
  const seen = new Set<string>();
  return lines.map((at): RecordedQuestion => {
    const id = readLabel(at, 'problem_num');
    claimId(seen, at, id, 'problem_num');
    const samples = readArray(at, 'all_answers').map((pair, index) => {
      if (!Array.isArray(pair) || pair.length !== 2) fail(at, `field "all_answers" item ${index}`, PAIR, pair);
      const [answer, tokens] = pair as [unknown, unknown];
      if ((typeof answer !== 'string' && answer !== null) || !isTokenCount(tokens)) {
        fail(at, `field "all_answers" item ${index}`, PAIR, pair);
      }
      return recordedSample({ index, text: '', answer: answer === null ? null : answers.normalize(answer), tokens });
    });
    return { id, gold: readGoldField(at, 'gold_answer', answers, id), answerKind: answers, samples, tokensKnown: true };
  });
};
