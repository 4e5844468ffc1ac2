/**
 * Loading a recorded-samples file in any supported format. The format is recognised from the first
 * line's fields unless the caller names it.
 */
import { FileFormatError } from '../core/errors.js';
import { parseBoinf } from './boinf-format.js';
import type { FormatParser, ParseOptions } from './format-parser.js';
import { parseJsonLines, readTextFile, type JsonLine } from './json-lines.js';
import { parseQuorum } from './quorum-format.js';
import { parseQwen25 } from './qwen25-format.js';
import type { SampleFormat, SamplePool } from './recorded-question.js';
import { parseToyArith } from './toy-arith-format.js';

export interface LoadOptions extends ParseOptions {
  /** Skip detection and read the file as this format. */
  format?: SampleFormat;
}

const parsers: Record<SampleFormat, FormatParser> = {
  boinf: parseBoinf,
  qwen25: parseQwen25,
  'toy-arith': parseToyArith,
  quorum: parseQuorum,
};

/** Reads and validates the whole file; throws FileFormatError naming the file, line and what was expected. */
export async function loadSamplePool(file: string, options: LoadOptions = {}): Promise<SamplePool> {
  return parseSamplePool(file, await readTextFile(file), options);
}

/** Like `loadSamplePool` for text already in memory (`file` names it in errors). */
export function parseSamplePool(file: string, text: string, options: LoadOptions = {}): SamplePool {
  const lines = parseJsonLines(file, text);
  if (lines.length === 0) throw new FileFormatError(file, undefined, 'the file is empty; expected one JSON object per line');
  const format = options.format ?? detectFormat(lines[0] as JsonLine);
  const questions = parsers[format](lines, options);
  if (questions.length === 0) throw new FileFormatError(file, undefined, `no questions found in this ${format} file`);
  return { source: file, format, questions };
}

/** The format whose identifying fields the line has. */
export function detectFormat(at: JsonLine): SampleFormat {
  const has = (key: string): boolean => at.value[key] !== undefined;
  if (has('all_answers')) return 'boinf';
  if (has('samples')) return 'quorum';
  if (has('code') && has('gt')) return 'qwen25';
  if (has('mode') && has('logprobs')) return 'toy-arith';
  throw new FileFormatError(
    at.file,
    at.line,
    'unrecognised recorded-samples line; expected a quorum line (id, samples), a BoInf line (problem_num, all_answers), ' +
      'a qwen25 line (idx, code, gt, pred_score) or a toy-arith line (id, mode, text, logprobs) — see docs/sample-format.md',
  );
}
