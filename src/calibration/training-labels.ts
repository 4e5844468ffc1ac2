/**
 * Which samples of a question to learn from. Gold labels call a sample good when its answer is the
 * gold one. Consistency labels need no gold: the strategy decides over every sample of the question,
 * the decided answer is the pseudo-label, and only questions decided with at least a given confidence
 * (calibrated, when a calibration is given) are kept — the self-training recipe of majority labels.
 */
import type { Decision, Sample } from '../core/types.js';
import type { EvalQuestion } from '../eval/eval-question.js';
import { meanLogprob } from '../signals/logprob.js';
import type { Strategy } from '../strategies/strategy.js';
import { answerOf } from '../strategies/vote-table.js';
import { calibrateDecision } from './apply-calibration.js';
import type { CalibrationArtifact } from './artifact.js';

export const labelSources = ['gold', 'consistency'] as const;
export type LabelSource = (typeof labelSources)[number];

export interface Decider {
  strategy: Strategy;
  calibration?: CalibrationArtifact;
  seed?: number;
}

export interface LabelOptions extends Decider {
  labels: LabelSource;
  /** Consistency labels: keep a question only when its decision's confidence is at least this. */
  minConfidence: number;
}

export interface QuestionLabel {
  /** The answer taken as right: the gold one, or the decided one. */
  answer: string;
  /** The decision's confidence over all samples (calibrated when a calibration is given). */
  confidence: number;
  /** Finished samples with the label's answer, most confident first, one per distinct text. */
  good: Sample[];
  /** Finished samples with another answer: the largest other answer first, most confident first within it. */
  bad: Sample[];
  /** Finished samples with no answer at all (usually cut off). */
  unanswered: Sample[];
}

/** The strategy's decision over every sample of the question, calibrated when a calibration is given. */
export async function decideOnPool(question: EvalQuestion, decider: Decider): Promise<Decision> {
  const decision = await decider.strategy.aggregate(question.samples, { answerKind: question.answerKind, seed: decider.seed ?? 0 });
  return decider.calibration === undefined ? decision : calibrateDecision(decider.calibration, decision, question.samples);
}

/** A label, or why the question gives none. */
export async function labelQuestion(question: EvalQuestion, options: LabelOptions): Promise<QuestionLabel | { skipped: string }> {
  const decision = await decideOnPool(question, options);
  let answer: string;
  if (options.labels === 'gold') {
    if (question.gold === null) return { skipped: 'no gold answer' };
    answer = question.gold;
  } else {
    if (decision.answer === null || decision.abstained) return { skipped: 'the strategy abstained' };
    if (decision.confidence < options.minConfidence) return { skipped: `confidence below ${options.minConfidence}` };
    answer = decision.answer;
  }
  const kind = question.answerKind;
  const finished = distinctTexts(rankByConfidence(question.samples.filter((s) => s.status === 'ok' && s.text !== '')));
  const good = finished.filter((s) => sameAnswer(answerOf(s, kind), answer, question));
  const others = finished.filter((s) => answerOf(s, kind) !== null && !good.includes(s));
  return { answer, confidence: decision.confidence, good, bad: byClassSize(others, question), unanswered: finished.filter((s) => answerOf(s, kind) === null) };
}

const sameAnswer = (a: string | null, b: string, question: EvalQuestion): boolean => a !== null && question.answerKind.equivalent(a, b);

/** Highest mean token logprob first when every sample has logprobs; otherwise in the order drawn. */
function rankByConfidence(samples: readonly Sample[]): Sample[] {
  const scores = samples.map(meanLogprob);
  if (scores.some((s) => s === undefined)) return [...samples];
  return samples.map((s, i) => ({ s, score: scores[i] as number })).toSorted((a, b) => b.score - a.score).map((x) => x.s);
}

function distinctTexts(samples: readonly Sample[]): Sample[] {
  const seen = new Set<string>();
  return samples.filter((s) => !seen.has(s.text) && seen.add(s.text));
}

/** Samples grouped by answer, the largest group first (stable), keeping the confidence order within each. */
function byClassSize(samples: readonly Sample[], question: EvalQuestion): Sample[] {
  const classes: { answer: string; members: Sample[] }[] = [];
  for (const s of samples) {
    const answer = answerOf(s, question.answerKind) as string;
    const cls = classes.find((c) => question.answerKind.equivalent(c.answer, answer));
    if (cls === undefined) classes.push({ answer, members: [s] });
    else cls.members.push(s);
  }
  return classes.toSorted((a, b) => b.members.length - a.members.length).flatMap((c) => c.members);
}
