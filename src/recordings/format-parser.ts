import type { AnswerKind } from '../answers/answer-kind.js';
import { readGold, unreadableGold } from '../answers/gold.js';
import { FileFormatError } from '../core/errors.js';
import type { JsonLine } from './json-lines.js';
import { fail, readLabel } from './json-lines.js';
import type { RecordedQuestion } from './recorded-question.js';

export interface ParseOptions {
  /** Answer kind to use instead of the format's own (BoInf: exact, qwen25: math, toy-arith: exact, quorum: per line). */
  answers?: AnswerKind;
  /** toy-arith only: which recorded modes make up a question's samples. */
  modes?: readonly string[];
  /** toy-arith-sf only: the problems' prompts by id, so recorded step checks and corrections become replayable calls. */
  prompts?: ReadonlyMap<string, string>;
}

/** Turns the parsed lines of one file into questions, or throws a FileFormatError naming the line. */
export type FormatParser = (lines: readonly JsonLine[], options: ParseOptions) => RecordedQuestion[];

/** Rejects a second question with the same id, naming the line. */
export function claimId(seen: Set<string>, at: JsonLine, id: string, key: string): void {
  if (seen.has(id)) fail(at, `field "${key}"`, 'an id not used on an earlier line', id);
  seen.add(id);
}

/** The line's gold answer read by `answers` like a sample's text; one it cannot read is an error at this line naming the question. */
export function readGoldField(at: JsonLine, key: string, answers: AnswerKind, question: string): string {
  const raw = readLabel(at, key);
  const gold = readGold(answers, raw);
  if (gold === null) throw new FileFormatError(at.file, at.line, `field "${key}": ${unreadableGold(answers, raw, question)}`);
  return gold;
}
