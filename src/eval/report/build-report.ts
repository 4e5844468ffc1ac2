/**
 * Turns a pool and the evaluator's rows into ReportData. The accuracy numbers are the rows as given;
 * this adds what rows cannot hold: coverage from the whole pool, and calibration and a drill-down from
 * one seeded draw per question at the drill-down budget, decided by the same simulateQuestion the
 * evaluator uses.
 */
import type { Prompt } from '../../core/types.js';
import type { Strategy } from '../../strategies/strategy.js';
import { tallyVotes, answerOf } from '../../strategies/vote-table.js';
import { auroc, brierScore, expectedCalibrationError } from '../calibration.js';
import { correctSamples, gradeDecision, isCorrectAnswer, isGradable, type EvalQuestion, type SampleBudget } from '../eval-question.js';
import { fitCoverage } from '../metrics/coverage-fit.js';
import { coverageCurve } from '../metrics/pass-at-k.js';
import { reliabilityBins, riskCoverage, type Scored } from '../metrics/reliability.js';
import type { EvalRow } from '../row-accumulator.js';
import { simulateQuestion } from '../simulate-question.js';
import type { QuestionDetail, ReportData, SeriesCalibration } from './report-data.js';

export interface BuildReportOptions {
  title: string;
  meta: Record<string, string | number>;
  questions: readonly EvalQuestion[];
  /** The strategies whose decisions the drill-down and calibration show (answer-level ones). */
  strategies: readonly Strategy[];
  rows: EvalRow[];
  /** Samples per drill-down decision. Default: the whole pool. */
  drillDownN?: SampleBudget;
  seed?: number;
  /** Samples per question shown with their text. Default 16. */
  samplesShown?: number;
  /** A cross-fitted calibration evaluation to show beside the raw figures. */
  calibrated?: ReportData['calibrated'];
  feedback?: ReportData['feedback'];
}

const TEXT_CLIP = 1500;

export async function buildReport(options: BuildReportOptions): Promise<ReportData> {
  const graded = options.questions.filter(isGradable);
  const n = options.drillDownN ?? 'all';
  const scored = new Map<string, Scored[]>(options.strategies.map((s) => [s.name, []]));
  const details: QuestionDetail[] = [];
  for (const question of graded) {
    const { decisions } = await simulateQuestion(question, { budget: n, seed: options.seed ?? 0, strategies: options.strategies });
    // Decisions come back in strategy order; name them by the strategy as listed (it may be renamed).
    const rows = decisions.map((decision, i) => {
      const series = options.strategies[i]?.name ?? decision.strategy;
      const correct = gradeDecision(decision, question).correct;
      scored.get(series)?.push({ confidence: decision.confidence, correct });
      return { series, answer: decision.answer, confidence: decision.confidence, correct, abstained: decision.abstained };
    });
    details.push(questionDetail(question, rows, options.samplesShown ?? 16));
  }
  const counts = graded
    .filter((q) => q.samples.length > 0)
    .map((q) => ({ n: q.samples.length, correct: correctSamples(q) }));
  const curve = coverageCurve(counts);
  return {
    title: options.title,
    meta: options.meta,
    rows: options.rows,
    coverage: { curve, fit: fitCoverage(curve) },
    calibration: [...scored.entries()].filter(([, items]) => items.length > 0).map(([series, items]) => calibrationOf(series, n, items)),
    ...(options.calibrated !== undefined && { calibrated: options.calibrated }),
    drillDown: { n, seed: options.seed ?? 0 },
    questions: details,
    ...(options.feedback !== undefined && { feedback: options.feedback }),
  };
}

function calibrationOf(series: string, n: SampleBudget, items: Scored[]): SeriesCalibration {
  const { points, aurc } = riskCoverage(items);
  return {
    series,
    n,
    decisions: items.length,
    ece: expectedCalibrationError(items),
    brier: brierScore(items),
    auroc: auroc(items),
    aurc,
    bins: reliabilityBins(items),
    riskCoverage: points,
  };
}

function questionDetail(q: EvalQuestion, decisions: QuestionDetail['decisions'], shown: number): QuestionDetail {
  const answered = decisions.map((d) => (d.abstained ? null : d.answer));
  const first = answered[0] ?? null;
  const disagree = answered.some((a) => (a === null || first === null ? a !== first : !q.answerKind.equivalent(a, first)));
  const detail: QuestionDetail = {
    id: q.id,
    gold: q.gold,
    samples: q.samples.length,
    correctSamples: correctSamples(q),
    votes: tallyVotes(q.samples, q.answerKind).map((v) => ({ answer: v.answer, count: v.count, correct: isCorrectAnswer(v.answer, q) })),
    decisions,
    disagree,
    shown: q.samples.slice(0, shown).map((s) => ({
      index: s.index,
      answer: s.status === 'ok' ? answerOf(s, q.answerKind) : null,
      correct: s.status === 'ok' && isCorrectAnswer(answerOf(s, q.answerKind), q),
      tokens: s.tokens,
      status: s.status,
      text: s.text.length > TEXT_CLIP ? `${s.text.slice(0, TEXT_CLIP)}…` : s.text,
    })),
  };
  if (q.prompt !== undefined) detail.prompt = promptText(q.prompt);
  return detail;
}

const promptText = (prompt: Prompt): string => (typeof prompt === 'string' ? prompt : prompt.map((m) => `${m.role}: ${m.content}`).join('\n'));
