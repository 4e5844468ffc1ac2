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
import { parseScGenrm } from './sc-genrm-format.js';
import { parseToyArithSf } from './toy-arith-sf-format.js';
import { parseToyArith } from './toy-arith-format.js';

export interface LoadOptions extends ParseOptions {
  /** Skip detection and read the file as this format. */
  format?: SampleFormat;
  /** toy-arith-sf: a JSONL file of `{id, question}` (the toy-arith problems) whose prompts make recorded calls replayable. */
  promptsFile?: string;
}

const parsers: Record<SampleFormat, FormatParser> = {
  boinf: parseBoinf,
  qwen25: parseQwen25,
  'toy-arith': parseToyArith,
  'toy-arith-sf': parseToyArithSf,
  'sc-genrm': parseScGenrm,
  quorum: parseQuorum,
};

/** Reads and validates the whole file; throws FileFormatError naming the file, line and what was expected. */
export async function loadSamplePool(file: string, options: LoadOptions = {}): Promise<SamplePool> {
  const { promptsFile, ...rest } = options;
  const prompts = promptsFile === undefined ? undefined : await readPrompts(promptsFile);
  return parseSamplePool(file, await readTextFile(file), { ...rest, ...(prompts !== undefined && { prompts }) });
}

/** `{id, question}` lines as a map from id to the prompt. */
async function readPrompts(file: string): Promise<Map<string, string>> {
  const prompts = new Map<string, string>();
  for (const at of parseJsonLines(file, await readTextFile(file))) {
    const { id, question } = at.value;
    if ((typeof id !== 'string' && typeof id !== 'number') || typeof question !== 'string') {
      throw new FileFormatError(file, at.line, 'expected {"id": …, "question": "…"} (a toy-arith problems file)');
    }
    prompts.set(String(id), question);
  }
  return prompts;
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
  const first = Array.isArray(at.value['samples']) ? (at.value['samples'] as unknown[])[0] : undefined;
  if (typeof first === 'object' && first !== null && 'verifications' in first && !('text' in first)) return 'sc-genrm';
  if (has('samples')) return 'quorum';
  if (has('checks') && has('match')) return 'toy-arith-sf';
  if (has('code') && has('gt')) return 'qwen25';
  if (has('mode') && has('logprobs')) return 'toy-arith';
  throw new FileFormatError(
    at.file,
    at.line,
    'unrecognised recorded-samples line; expected a quorum line (id, samples), a BoInf line (problem_num, all_answers), ' +
      'a qwen25 line (idx, code, gt, pred_score), a toy-arith line (id, mode, text, logprobs), a toy-arith-sf line (id, sample, text, checks, match) ' +
      'or an sc-genrm line (id, gold, samples with verifications) — see docs/sample-format.md',
  );
}
