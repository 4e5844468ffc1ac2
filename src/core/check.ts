/**
 * What a verifier (the model judging its own answer) reports about one sample, and how a revised
 * sample points back at the one it revised. Plain data, so checks are recorded with their samples and a
 * stored run re-evaluates verification-based strategies without new calls.
 */
import type { Usage } from './types.js';

/**
 * Why a check produced no usable verdict: `no-verdict` (neither yes nor no), `no-step` (a critique or a
 * step check that names or writes no step), `empty` (nothing generated), `cut` (stopped by the token
 * limit), `no-answer` (a revision or backward chain without an answer), `error` / `aborted` (the call
 * itself failed or was cancelled).
 */
export type CheckFailureReason = 'no-verdict' | 'no-step' | 'empty' | 'cut' | 'no-answer' | 'error' | 'aborted';

export interface CheckFailure {
  reason: CheckFailureReason;
  /** What was wrong, for logs and reports. */
  detail: string;
}

/** One step of a solution checked by re-deriving it. */
export interface StepVerdict {
  /** The step as the solution wrote it. */
  step: string;
  /** The model's own version of it; null when its output was no step at all. */
  own: string | null;
  passed: boolean;
  /** Completion tokens of this step's check. */
  tokens: number;
}

/** What is wrong with a solution, as the verifier found it: the input of a revision. */
export interface Critique {
  /** 0-based index of the first step judged wrong, when the verifier names one. */
  step?: number;
  /** That step as the solution wrote it. */
  text?: string;
  /** The model's own version of that step (the correction a `continue` revision resumes from). */
  own?: string;
  /** A free-text review (natural-language critique). */
  review?: string;
}

export interface Check {
  /** The verifier's name (`rederive`, `genrm`, …). */
  verifier: string;
  /** Index of the sample checked: the link from a check to what it checked. */
  sample: number;
  /** `judged` when the verifier reached a verdict; `failed` when none of its output could be read. */
  status: 'judged' | 'failed';
  /**
   * Higher means more likely right. Model verifiers give a probability-like value in [0, 1]; `score`
   * passes an external reward through unchanged. A failed check scores 0.
   */
  score: number;
  /** The verifier's verdict; a failed check never passes. */
  passed: boolean;
  /**
   * Every call of the check whose output could not be read, in order (a judged GenRM check may have
   * some among its chains). Counted in a run's failures.
   */
  failures?: CheckFailure[];
  critique?: Critique;
  /** Per-step verdicts of a step-by-step verifier, up to the first failing step. */
  steps?: StepVerdict[];
  /** Every call the check made, summed. */
  usage: Usage;
}

/** A sample made by revising another one. */
export interface Revision {
  /** Index of the sample revised. */
  of: number;
  /** 1 for the first revision of a solution, 2 for a revision of that revision, … */
  round: number;
}
