/**
 * Abstention with a guaranteed error rate, by Learn-then-Test (Angelopoulos, Bates, Candès, Jordan &
 * Lei 2021). A threshold λ answers the decisions whose calibrated confidence is ≥ λ; its selective
 * risk is the error rate among those answered. For each candidate λ the null hypothesis "risk(λ) > α"
 * is tested on held-out certification decisions with the exact binomial tail: given the n_λ answered,
 * they are i.i.d. draws from the answered population, so p_λ = P(Bin(n_λ, α) ≤ errors_λ) is a valid
 * p-value. Thresholds are tested in a fixed sequence, stopping at the first that fails, which controls
 * the chance of certifying any λ with risk > α at δ without a multiplicity penalty.
 *
 * The sequence must not depend on the certification data. It is fixed from the fitting split: the
 * candidates are the calibrated confidences seen there, and it starts at the most conservative one
 * that the fitting split predicts will pass clearly — its tallies scaled to the certification size
 * give a p-value ≤ δ/10 — (else at the best-predicted one), stepping down towards more coverage. A
 * conservative start costs nothing, since the sequence walks down as far as the data allows, while a
 * start that fails certifies nothing. Thresholds above the start are never tested: they answer fewer.
 */
import { InvalidInputError } from '../core/errors.js';

/** One decision as the threshold sees it: its calibrated confidence (null: no answer, never answered). */
export interface RiskPoint {
  confidence: number | null;
  correct: boolean;
}

export interface RiskTarget {
  /** α: the highest error rate allowed among answered questions. */
  risk: number;
  /** δ: the chance, over the draw of certification questions, that the guarantee fails. */
  delta: number;
}

export interface ThresholdChoice {
  /** Answer when the calibrated confidence is ≥ this; null when no threshold could be certified (abstain always). */
  threshold: number | null;
  /** On the certification decisions at the chosen threshold (or at the first tested one when none passed). */
  answered: number;
  errors: number;
  coverage: number;
  pValue: number;
  /** Decisions the certification used. */
  decisions: number;
  /** Thresholds tested before the sequence stopped. */
  tested: number;
  /** The fewest answered decisions that could certify the target even with no error: ⌈ln δ / ln(1 − α)⌉. */
  minimumAnswered: number;
}

export function checkRiskTarget(target: RiskTarget): void {
  if (!(target.risk > 0 && target.risk < 1)) throw new InvalidInputError(`target risk must be between 0 and 1, got ${String(target.risk)}`);
  if (!(target.delta > 0 && target.delta < 1)) throw new InvalidInputError(`delta must be between 0 and 1, got ${String(target.delta)}`);
}

/** How much clearer than δ the fitting split must predict the first test to pass. */
const START_MARGIN = 10;

export const minimumAnswered = (target: RiskTarget): number => Math.ceil(Math.log(target.delta) / Math.log(1 - target.risk));

/** P(Bin(n, p) ≤ k), summed in log space so large n neither underflows nor loses precision. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k >= n) return 1;
  if (k < 0) return 0;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logTerm = n * logQ; // i = 0
  let logSum = logTerm;
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((n - i) / (i + 1)) + logP - logQ;
    logSum = logSum > logTerm ? logSum + Math.log1p(Math.exp(logTerm - logSum)) : logTerm + Math.log1p(Math.exp(logSum - logTerm));
  }
  return Math.min(1, Math.exp(logSum));
}

interface Tally {
  answered: number;
  errors: number;
  pValue: number;
}

/** Answered count and errors at any threshold, by binary search over the points sorted by confidence. */
function tallies(points: readonly RiskPoint[], risk: number): (threshold: number) => Tally {
  const sorted = points.flatMap((p) => (p.confidence === null ? [] : [{ confidence: p.confidence, correct: p.correct }])).toSorted((a, b) => b.confidence - a.confidence);
  const errorsBefore = [0];
  for (const p of sorted) errorsBefore.push((errorsBefore.at(-1) as number) + (p.correct ? 0 : 1));
  return (threshold) => {
    // The first position whose confidence is below the threshold.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as { confidence: number }).confidence >= threshold) lo = mid + 1;
      else hi = mid;
    }
    const errors = errorsBefore[lo] as number;
    return { answered: lo, errors, pValue: lo === 0 ? 1 : binomialCdf(errors, lo, risk) };
  };
}

/**
 * `fit` orders the candidate thresholds (it may be the data the calibrator was fitted on); `certify`
 * must be disjoint from it, one decision per question, drawn as deployment will draw them.
 */
export function chooseThreshold(fit: readonly RiskPoint[], certify: readonly RiskPoint[], target: RiskTarget): ThresholdChoice {
  checkRiskTarget(target);
  const candidates = [...new Set(fit.flatMap((p) => (p.confidence === null ? [] : [p.confidence])))].toSorted((a, b) => b - a);
  const base = { decisions: certify.length, minimumAnswered: minimumAnswered(target) };
  const outcome = (threshold: number | null, t: Tally, tested: number): ThresholdChoice => ({
    threshold,
    answered: t.answered,
    errors: t.errors,
    coverage: certify.length === 0 ? 0 : t.answered / certify.length,
    pValue: t.pValue,
    tested,
    ...base,
  });
  if (candidates.length === 0) return outcome(null, { answered: 0, errors: 0, pValue: 1 }, 0);
  const onFit = tallies(fit, target.risk);
  const onCertify = tallies(certify, target.risk);
  const scale = certify.length / fit.length;
  const predicted = candidates.map((threshold) => {
    const t = onFit(threshold);
    const answered = Math.round(t.answered * scale);
    return answered === 0 ? 1 : binomialCdf(Math.round(t.errors * scale), answered, target.risk);
  });
  const clear = predicted.findIndex((p) => p <= target.delta / START_MARGIN);
  const start = clear >= 0 ? clear : predicted.indexOf(Math.min(...predicted));
  let accepted: { threshold: number; tally: Tally } | undefined;
  let tested = 0;
  for (let i = start; i < candidates.length; i++) {
    const threshold = candidates[i] as number;
    const t = onCertify(threshold);
    tested++;
    if (t.pValue > target.delta) {
      if (accepted === undefined) return outcome(null, t, tested);
      break;
    }
    accepted = { threshold, tally: t };
  }
  const chosen = accepted as { threshold: number; tally: Tally };
  return outcome(chosen.threshold, chosen.tally, tested);
}
