/**
 * When to stop asking the judge about a sentence. The Prompt variant costs sentences × samples calls;
 * a stop rule picks the order in which the samples are asked and when the sentence is settled.
 * - `askEveryPair()`: all samples, in the seeded order (the paper).
 * - `stopOnAgreement(k)`: stop when the first k verdicts agree, else ask all (the naive baseline).
 * - `stopOnSupport()`: ask the samples that repeat most of the sentence first (lexical support, see
 *   support.ts), and stop once the samples left are unlikely to support it: when the expected number
 *   of Yes among them, Σ σ(a + b·support), falls below `delta`. A sentence no sample repeats costs
 *   `minCalls`; one that many samples repeat gets asked until those are heard.
 */
import { InvalidInputError } from '../core/errors.js';
import type { Verdict } from './judge.js';

export interface JudgeStopState {
  /** Verdicts so far, in asking order. */
  verdicts: readonly Verdict[];
  /** Samples not asked yet, in the order they would be asked. */
  remaining: readonly number[];
  /** Lexical support of the sentence by each sample. */
  support: readonly number[];
}

export interface JudgeStop {
  /** Name with parameters, as reported. */
  readonly name: string;
  /** The asking order: a permutation of `base` (the seeded order of the samples). */
  order(base: readonly number[], support: readonly number[]): number[];
  stop(state: JudgeStopState): boolean;
}

export function askEveryPair(): JudgeStop {
  return { name: 'all-pairs', order: (base) => [...base], stop: () => false };
}

export function stopOnAgreement(k: number): JudgeStop {
  if (!Number.isInteger(k) || k < 1) throw new InvalidInputError(`stopOnAgreement needs k >= 1, got ${String(k)}`);
  return {
    name: `agreement(${k})`,
    order: (base) => [...base],
    stop: ({ verdicts }) => verdicts.length === k && verdicts.every((v) => v.score !== null && v.score === verdicts[0]?.score),
  };
}

export interface SupportStopOptions {
  /** Stop when fewer than this many Yes are expected from the samples left. Default 0.6. */
  delta?: number;
  /** Always ask at least this many. Default 2. */
  minCalls?: number;
  /** P(Yes | support) = σ(intercept + slope · support). Defaults fitted on the tuning half of WikiBio. */
  intercept?: number;
  slope?: number;
}

/** Tuned on the even-indexed WikiBio passages (bench/selfcheck.ts reports on the odd ones). */
export const SUPPORT_STOP_DEFAULTS = { delta: 0.6, minCalls: 2, intercept: -6.962, slope: 7.911 } as const;

export function stopOnSupport(options: SupportStopOptions = {}): JudgeStop {
  const { delta, minCalls, intercept, slope } = { ...SUPPORT_STOP_DEFAULTS, ...options };
  if (!(delta > 0)) throw new InvalidInputError(`stopOnSupport needs delta > 0, got ${String(delta)}`);
  if (!Number.isInteger(minCalls) || minCalls < 1) throw new InvalidInputError(`stopOnSupport needs minCalls >= 1, got ${String(minCalls)}`);
  const pYes = (support: number): number => 1 / (1 + Math.exp(-(intercept + slope * support)));
  return {
    name: `support(delta=${delta},min=${minCalls})`,
    // Most supportive first; the sort is stable, so ties keep the seeded order.
    order: (base, support) => base.toSorted((a, b) => (support[b] as number) - (support[a] as number)),
    stop: ({ verdicts, remaining, support }) => verdicts.length >= minCalls && remaining.reduce((sum, n) => sum + pYes(support[n] as number), 0) < delta,
  };
}

export interface SupportObservation {
  support: number;
  /** The judge said the sample supports the sentence. */
  yes: boolean;
}

/**
 * Fits P(Yes | support) = σ(intercept + slope · support) by Newton's method (logistic regression),
 * from a judge's verdicts on pairs whose every sample was asked: the curve `stopOnSupport` uses.
 */
export function fitSupportCurve(observations: readonly SupportObservation[]): { intercept: number; slope: number } {
  if (!observations.some((o) => o.yes) || observations.every((o) => o.yes)) {
    throw new InvalidInputError('fitting the support curve needs both Yes and No verdicts');
  }
  let a = 0;
  let b = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (const { support: x, yes } of observations) {
      const p = 1 / (1 + Math.exp(-(a + b * x)));
      const w = p * (1 - p);
      ga += (yes ? 1 : 0) - p;
      gb += ((yes ? 1 : 0) - p) * x;
      haa += w;
      hab += w * x;
      hbb += w * x * x;
    }
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { intercept: a, slope: b };
}
