/**
 * toy-arith recordings (`models/toy-arith/dev-samples.jsonl`): one sample per line,
 * `{id, mode, text, answer, gold, correct, logprobs}`, where `mode` is `greedy`, `T0.8` or `T1` and
 * `logprobs` holds the raw log-probability of every generated token. Lines are grouped into
 * questions by `id`, keeping only the chosen modes (default `T1`), in file order. `tokens` is the
 * number of logprobs (one per generated token; `tokensCountedFrom: 'logprobs'`); token texts were not recorded, so each
 * GeneratedToken has `text: ''`. Answers are the recorded integers (`null` = no answer).
 */
import { exactAnswers } from '../answers/exact.js';
import { FileFormatError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import { readGoldField, type FormatParser } from './format-parser.js';
import { fail, field, isFiniteNumber, readArray, readLabel, readString } from './json-lines.js';
import { recordedSample, type RecordedQuestion } from './recorded-question.js';

export const DEFAULT_TOY_ARITH_MODES: readonly string[] = ['T1'];

export const parseToyArith: FormatParser = (lines, options) => {
  const answers = options.answers ?? exactAnswers;
  const modes = new Set(options.modes ?? DEFAULT_TOY_ARITH_MODES);
  const seenModes = new Set<string>();
  const questions = new Map<string, RecordedQuestion>();
  for (const at of lines) {
    const mode = readString(at, 'mode');
    seenModes.add(mode);
    if (!modes.has(mode)) continue;
    const id = readLabel(at, 'id');
    const gold = readGoldField(at, 'gold', answers, id);
    const answer = at.value['answer'];
    if (answer !== null && typeof answer !== 'number' && typeof answer !== 'string') {
      fail(at, field('answer'), 'a number, a string or null', answer);
    }
    const logprobs = readArray(at, 'logprobs').map((lp, i) => {
      if (!isFiniteNumber(lp) || lp > 0) fail(at, `field "logprobs" item ${i}`, 'a log-probability (a number <= 0)', lp);
      return { text: '', logprob: lp };
    });
    let question = questions.get(id);
    if (question === undefined) {
      question = { id, gold, answerKind: answers, samples: [], tokensKnown: true };
      questions.set(id, question);
    } else if (question.gold !== gold) {
      fail(at, field('gold'), `the same gold answer as the earlier lines of "${id}" (${String(question.gold)})`, gold);
    }
    const sample: Sample = recordedSample({
      index: question.samples.length,
      text: readString(at, 'text'),
      answer: answer === null ? null : answers.normalize(String(answer)),
      tokens: logprobs.length,
    });
    sample.logprobs = logprobs;
    sample.tokensCountedFrom = 'logprobs';
    question.samples.push(sample);
  }
  const missing = [...modes].filter((m) => !seenModes.has(m));
  if (missing.length > 0) {
    const file = lines[0]?.file ?? '';
    throw new FileFormatError(file, undefined, `no samples with mode ${missing.join(', ')}; the file has modes: ${[...seenModes].join(', ')}`);
  }
  return [...questions.values()];
};
