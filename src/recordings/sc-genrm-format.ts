/**
 * The raw data behind "When To Solve, When To Verify" (Singhi et al., `data/samples/sc-genrm-gpqa`):
 * one question per line, `{id, gold, samples: [{answer, verifications?}]}`, with up to 32 generative-
 * verifier scores per solution (`null` where the recording had NaN). Answers are normalised to their
 * first letter A–D (none: an abstention). Each verification becomes a `genrm` check on its solution (a
 * `null` one a failed check), so verified votes and the solve/verify allocation replay from the file.
 * The recording has no texts and no token counts.
 */
import { choiceAnswers } from '../answers/choice.js';
import type { Check } from '../core/check.js';
import { claimId, type FormatParser } from './format-parser.js';
import { fail, isFiniteNumber, readArray, readLabel, type JsonLine } from './json-lines.js';
import { recordedSample, type RecordedQuestion } from './recorded-question.js';

const LETTERS = ['A', 'B', 'C', 'D'].map((label) => ({ label, text: label }));

/** The first capital A–D in a recorded answer (`B.**` → B, `ThefinalanswerisC` → C), or null. */
export const firstChoiceLetter = (raw: string): string | null => /[A-D]/.exec(raw)?.[0] ?? null;

export const parseScGenrm: FormatParser = (lines, options) => {
  const answers = options.answers ?? choiceAnswers(LETTERS);
  const seen = new Set<string>();
  return lines.map((at): RecordedQuestion => {
    const id = readLabel(at, 'id');
    claimId(seen, at, id, 'id');
    const samples = readArray(at, 'samples').map((raw, index) => {
      const item = raw as { answer?: unknown; verifications?: unknown } | null;
      if (typeof item !== 'object' || item === null || typeof item.answer !== 'string') fail(at, `sample ${index}`, '{answer: string, verifications?: [score or null]}', raw);
      const answer = options.answers === undefined ? firstChoiceLetter(item.answer) : options.answers.normalize(item.answer);
      const sample = { ...recordedSample({ index, text: '', answer, tokens: 0 }), tokensCountedFrom: 'unknown' as const };
      if (item.verifications === undefined) return sample;
      return { ...sample, checks: readArray({ ...at, value: item as Record<string, unknown> } as JsonLine, 'verifications').map((v, k) => verification(at, index, k, v)) };
    });
    return { id, gold: answers.normalize(readLabel(at, 'gold')), answerKind: answers, samples, tokensKnown: false };
  });
};

function verification(at: JsonLine, sample: number, k: number, value: unknown): Check {
  const usage = { promptTokens: 0, completionTokens: 0, calls: 1 };
  if (value === null) {
    return { verifier: 'genrm', sample, status: 'failed', score: 0, passed: false, failures: [{ reason: 'no-verdict', detail: 'the recording has NaN for this verification' }], usage };
  }
  if (!isFiniteNumber(value) || value < 0 || value > 1) fail(at, `sample ${sample} verification ${k}`, 'a score in [0, 1] or null', value);
  return { verifier: 'genrm', sample, status: 'judged', score: value, passed: value >= 0.5, usage };
}
