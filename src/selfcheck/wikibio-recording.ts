/**
 * The SelfCheckGPT WikiBio recording (`result-original-samples.json`): GPT-3 passages with human
 * labels per sentence, 20 sampled passages each, the recorded answers of the Prompt variant's LLM
 * judge for every (sentence, sample) pair, and the paper's per-sentence NLI and BERTScore scores.
 * Parsing only: the caller reads the file.
 */
import { FileFormatError } from '../core/errors.js';

/** accurate → 0, minor_inaccurate → 0.5, major_inaccurate → 1 (the paper's mapping). */
const LABELS: Record<string, number> = { accurate: 0, minor_inaccurate: 0.5, major_inaccurate: 1 };

export interface LabelledPassage {
  /** `wiki_bio_test_idx`, as a string. */
  id: string;
  passage: string;
  /** The sentences the labels belong to (the recording's spaCy split). */
  sentences: string[];
  /** Per sentence: 0 accurate, 0.5 minor inaccuracy, 1 major inaccuracy. */
  labels: number[];
  samples: string[];
  /** `judge[i][n]`: the recorded judge's raw answer for sentence i against sample n. */
  judge: string[][];
  /** The paper's recorded per-sentence scores, by variant (prompt, nli, bert). */
  scores: Record<string, number[]>;
}

type Json = Record<string, unknown>;

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

export function parseWikiBioRecording(text: string, file: string): LabelledPassage[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new FileFormatError(file, undefined, `not JSON: ${(cause as Error).message}`, { cause });
  }
  if (!Array.isArray(data)) throw new FileFormatError(file, undefined, 'expected a JSON array of passages');
  return data.map((item, position) => parsePassage(item as Json, position, file));
}

function parsePassage(item: Json, position: number, file: string): LabelledPassage {
  const fail = (what: string): never => {
    throw new FileFormatError(file, undefined, `passage ${position}: ${what}`);
  };
  const { main_passage: passage, main_sentences: sentences, annotation, sample_passages: samples } = item;
  if (typeof passage !== 'string') return fail('main_passage must be a string');
  if (!isStringArray(sentences) || sentences.length === 0) return fail('main_sentences must be a non-empty list of strings');
  if (!isStringArray(annotation) || annotation.length !== sentences.length) return fail('annotation must have one label per sentence');
  if (!isStringArray(samples) || samples.length === 0) return fail('sample_passages must be a non-empty list of strings');
  const labels = annotation.map((label) => LABELS[label] ?? fail(`unknown label "${label}"; expected ${Object.keys(LABELS).join(', ')}`));
  const judge = ((item['responses'] as Json | undefined)?.['prompt'] ?? []) as unknown;
  if (!Array.isArray(judge) || !(judge.length === 0 || (judge.length === sentences.length && judge.every((row) => isStringArray(row) && row.length === samples.length)))) {
    return fail('responses.prompt must hold one answer per sentence and sample');
  }
  const scores: Record<string, number[]> = {};
  for (const [variant, values] of Object.entries((item['scores'] ?? {}) as Json)) {
    if (!Array.isArray(values) || values.length !== sentences.length || !values.every((v) => typeof v === 'number')) {
      return fail(`scores.${variant} must hold one number per sentence`);
    }
    scores[variant] = values as number[];
  }
  return { id: String(item['wiki_bio_test_idx'] ?? position), passage, sentences, labels, samples, judge: judge as string[][], scores };
}
