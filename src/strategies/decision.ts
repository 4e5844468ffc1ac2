/**
 * Building a Decision from a vote table: the one place that applies the abstention threshold and sums
 * usage, so every strategy reports the same way.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import { addUsage } from '../core/usage.js';
import type { ConfidenceKind, Decision, Sample, Usage, Vote } from '../core/types.js';
import { isUsable } from './vote-table.js';

export interface DecisionInput {
  strategy: string;
  samples: readonly Sample[];
  answers: AnswerKind;
  votes: Vote[];
  /** The winning answer; defaults to the top of the vote table. */
  answer?: string | null;
  confidence: number;
  confidenceKind: ConfidenceKind;
  /** Abstain when confidence is below this (0 = abstain only when there is no answer). */
  abstainBelow: number;
  chosen?: number;
  /** Usage of extra model calls the strategy made itself. */
  extraUsage?: Usage;
}

export function makeDecision(input: DecisionInput): Decision {
  const answer = input.answer !== undefined ? input.answer : (input.votes[0]?.answer ?? null);
  const confidence = answer === null ? 0 : clamp01(input.confidence);
  const usage = addUsage(...input.samples.map((s) => s.usage), ...(input.extraUsage ? [input.extraUsage] : []));
  const decision: Decision = {
    answer,
    confidence,
    confidenceKind: input.confidenceKind,
    abstained: answer === null || confidence < input.abstainBelow,
    votes: input.votes,
    sampleCounts: {
      usable: input.samples.filter((s) => isUsable(s, input.answers)).length,
      total: input.samples.length,
    },
    usage,
    strategy: input.strategy,
  };
  if (input.chosen !== undefined) decision.chosen = input.chosen;
  return decision;
}

/** Share of the winner's weight in the total; 0 when there is no weight at all. */
export function weightShare(votes: readonly Vote[]): number {
  const total = votes.reduce((sum, v) => sum + v.weight, 0);
  return total > 0 ? (votes[0]?.weight ?? 0) / total : 0;
}

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
