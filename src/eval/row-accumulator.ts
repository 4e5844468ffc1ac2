/**
 * Collects the trials of one (strategy, stop, N) cell and turns them into a report row. Each decision
 * counts its grade's `tieCredit` (ties split, eval-question.ts), first averaged per question over the trials, and the interval is a bootstrap over questions:
 * the uncertainty that matters when comparing strategies is which questions were asked, not the
 * subsampling noise, which the seeds average away (`seedSd` shows its size).
 */
import type { Decision } from '../core/types.js';
import type { Grade, SampleBudget } from './eval-question.js';
import { calibrationSummary, type CalibrationSummary } from './calibration.js';
import type { Scored } from './metrics/reliability.js';
import { bootstrapMeanInterval, mean, standardDeviation } from './stats.js';

export interface EvalRow {
  strategy: string;
  /** The stop rule; `fixed` when every trial used exactly its sample budget (or the whole pool). */
  stop: string;
  n: SampleBudget;
  /** Graded questions (those with a gold answer). */
  questions: number;
  /** Trials per question: the number of seeds, or 1 for `all`. */
  trials: number;
  /** Percent of decisions that are correct, ties split (TIE_CONVENTION); abstentions count as wrong; mean over trials. */
  accuracy: number;
  /** 95 % percentile-bootstrap interval of `accuracy` over questions. */
  ci95: [number, number];
  /**
   * Coverage at this N, percent: the mean over questions of the unbiased pass@N (Chen et al.) — the
   * chance that at least one of N samples drawn from the pool is right. Rows of a fixed N only.
   */
  passAtN?: number;
  /** Standard deviation of `accuracy` across trials (the subsampling noise), percentage points. */
  seedSd: number;
  /** Mean completion tokens per question, including a strategy's own calls; null when the recording has no token counts. */
  tokensPerQuestion: number | null;
  samplesPerQuestion: number;
  /** Percent of decisions that abstained. */
  abstainRate: number;
  /** Calibration of the decisions' confidence against correctness (abstentions count as wrong). */
  calibration: CalibrationSummary;
}

export interface RowKey {
  strategy: string;
  stop: string;
  n: SampleBudget;
}

export class RowAccumulator {
  private readonly creditByQuestion: Float64Array;
  private readonly creditByTrial: number[];
  private tokens = 0;
  private samples = 0;
  private abstained = 0;
  private decisions = 0;
  private readonly scored: Scored[] = [];

  constructor(
    private readonly key: RowKey,
    private readonly questions: number,
    private readonly trials: number,
    private readonly tokensKnown: boolean,
  ) {
    this.creditByQuestion = new Float64Array(questions);
    this.creditByTrial = Array.from({ length: trials }, () => 0);
  }

  add(trial: number, question: number, decision: Decision, samplesUsed: number, grade: Grade): void {
    this.creditByQuestion[question]! += grade.tieCredit;
    this.creditByTrial[trial]! += grade.tieCredit;
    this.tokens += decision.usage.completionTokens;
    this.samples += samplesUsed;
    this.abstained += grade.abstained ? 1 : 0;
    this.decisions += 1;
    this.scored.push({ confidence: decision.confidence, correct: grade.correct });
  }

  row(bootstrapSeed: number): EvalRow {
    const perQuestion = Array.from(this.creditByQuestion, (c) => (100 * c) / this.trials);
    const [low, high] = bootstrapMeanInterval(perQuestion, { seed: bootstrapSeed });
    return {
      ...this.key,
      questions: this.questions,
      trials: this.trials,
      accuracy: mean(perQuestion),
      ci95: [low, high],
      seedSd: standardDeviation(this.creditByTrial.map((c) => (100 * c) / this.questions)),
      tokensPerQuestion: this.tokensKnown ? this.tokens / this.decisions : null,
      samplesPerQuestion: this.samples / this.decisions,
      abstainRate: (100 * this.abstained) / this.decisions,
      calibration: calibrationSummary(this.scored),
    };
  }
}
