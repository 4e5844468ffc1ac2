/**
 * A labelled run turned into training data: per question, up to `perQuestion` lines of the chosen
 * format from its labelled samples — SFT on good samples, DPO pairs of a good sample against one of
 * another answer, KTO good samples labelled true and other samples false — each line with its
 * provenance. Questions that give no line are counted by reason.
 */
import { InvalidInputError } from '../core/errors.js';
import type { Sample } from '../core/types.js';
import type { EvalQuestion } from '../eval/eval-question.js';
import { dpoLine, ktoLine, sftLine, type Provenance, type TrainingFormat, type TrainingLine } from './training-formats.js';
import { labelQuestion, type LabelOptions, type QuestionLabel } from './training-labels.js';

export interface ExportOptions extends LabelOptions {
  format: TrainingFormat;
  /** Lines per question at most (KTO: of each label). Default 1. */
  perQuestion?: number;
  /** Names the run or recording in every line's provenance. */
  source: string;
}

export interface ExportResult {
  lines: TrainingLine[];
  questions: number;
  /** Questions that gave at least one line. */
  kept: number;
  /** Questions that gave none, by reason. */
  skipped: Record<string, number>;
}

export async function exportTrainingData(questions: readonly EvalQuestion[], options: ExportOptions): Promise<ExportResult> {
  const perQuestion = options.perQuestion ?? 1;
  if (!(Number.isInteger(perQuestion) && perQuestion >= 1)) throw new InvalidInputError(`lines per question must be a positive integer, got ${String(perQuestion)}`);
  const lines: TrainingLine[] = [];
  const skipped: Record<string, number> = {};
  let kept = 0;
  const skip = (reason: string): void => void (skipped[reason] = (skipped[reason] ?? 0) + 1);
  for (const question of questions) {
    if (question.prompt === undefined) {
      skip('no prompt recorded');
      continue;
    }
    const label = await labelQuestion(question, options);
    if ('skipped' in label) {
      skip(label.skipped);
      continue;
    }
    const made = linesFor(question, label, options, perQuestion);
    if (typeof made === 'string') skip(made);
    else {
      kept++;
      lines.push(...made);
    }
  }
  return { lines, questions: questions.length, kept, skipped };
}

/** The question's lines, or why there are none. */
function linesFor(question: EvalQuestion, label: QuestionLabel, options: ExportOptions, perQuestion: number): TrainingLine[] | string {
  const prompt = question.prompt as NonNullable<EvalQuestion['prompt']>;
  const provenance = (samples: readonly Sample[]): Provenance => ({
    source: options.source,
    question: question.id,
    samples: samples.map((s) => s.index),
    confidence: label.confidence,
    labels: options.labels,
    answer: label.answer,
  });
  const noGood = `no sample text with the ${options.labels === 'gold' ? 'gold' : 'decided'} answer`;
  const good = label.good.slice(0, perQuestion);
  if (options.format === 'sft') return good.length === 0 ? noGood : good.map((s) => sftLine(prompt, s.text, provenance([s])));
  if (options.format === 'dpo') {
    if (good.length === 0) return noGood;
    const pairs = Math.min(perQuestion, label.good.length, label.bad.length);
    if (pairs === 0) return `no sample with ${options.labels === 'gold' ? 'a wrong' : 'another'} answer to reject`;
    return Array.from({ length: pairs }, (_, i) => {
      const chosen = label.good[i] as Sample;
      const rejected = label.bad[i] as Sample;
      return dpoLine(prompt, chosen.text, rejected.text, provenance([chosen, rejected]));
    });
  }
  const bad = [...label.bad, ...label.unanswered].slice(0, perQuestion);
  if (good.length + bad.length === 0) return 'no sample text';
  return [...good.map((s) => ktoLine(prompt, s.text, true, provenance([s]))), ...bad.map((s) => ktoLine(prompt, s.text, false, provenance([s])))];
}
