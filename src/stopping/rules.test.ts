import { voteCounts } from './vote-counts.js';
import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { UnknownNameError, InvalidInputError } from '../core/errors.js';
import type { GeneratedToken, Sample } from '../core/types.js';
import { AgreementPrior } from './agreement-prior.js';
import { autoRule } from './auto.js';
import { betaLeaderProbability, betaRule } from './beta.js';
import { deepConfRule, lowestGroupConfidence, percentile, tokenConfidence } from './deepconf-online.js';
import { dirichletLeaderProbability, dirichletRule } from './dirichlet.js';
import { createRng } from '../core/rng.js';
import { escRule } from './esc.js';
import { fixedRule } from './fixed.js';
import { getStopRule, parseStopRule } from './registry.js';
import type { StopRule, StopState } from './stop-rule.js';

const sample = (index: number, answer: string | null, extra: Partial<Sample> = {}): Sample => ({
  index,
  text: answer ?? '',
  answer,
  tokens: 10,
  finishReason: 'stop',
  status: 'ok',
  usage: { promptTokens: 0, completionTokens: 10, calls: 1 },
  ...extra,
});
const state = (samples: Sample[], maxSamples = 40): StopState => ({ samples, maxSamples, answerKind: exactAnswers, votes: voteCounts(samples, exactAnswers), inFlight: 0 });
const fromAnswers = (answers: (string | null)[]): Sample[] => answers.map((a, i) => sample(i, a));

/** The first number of samples (as a prefix of `answers`) at which the rule stops, or undefined. */
function stopsAfter(rule: StopRule, answers: (string | null)[]): number | undefined {
  const session = rule.begin();
  for (let n = 1; n <= answers.length; n++) {
    if (session.check(state(fromAnswers(answers.slice(0, n)))).stop) return n;
  }
  return undefined;
}

/** ∫_{½}^{1} x^a (1−x)^b dx / B(a+1, b+1) by Simpson's rule. */
function betaTailNumeric(a: number, b: number): number {
  const f = (x: number): number => x ** a * (1 - x) ** b;
  const integrate = (lo: number, hi: number): number => {
    const steps = 20000;
    const h = (hi - lo) / steps;
    let sum = f(lo) + f(hi);
    for (let i = 1; i < steps; i++) sum += f(lo + i * h) * (i % 2 ? 4 : 2);
    return (sum * h) / 3;
  };
  return integrate(0.5, 1) / integrate(0, 1);
}

describe('beta (Adaptive-Consistency)', () => {
  it('matches the numeric integral of the Beta posterior', () => {
    for (const [a, b] of [[0, 0], [3, 0], [4, 1], [7, 3], [12, 10], [30, 2]] as const) {
      expect(betaLeaderProbability(a, b)).toBeCloseTo(betaTailNumeric(a, b), 8);
    }
    expect(betaLeaderProbability(3, 0)).toBeCloseTo(0.9375, 12);
    expect(betaLeaderProbability(4, 0)).toBeCloseTo(0.96875, 12);
    expect(betaLeaderProbability(2000, 1990)).toBeGreaterThan(0.5);
    expect(Number.isFinite(betaLeaderProbability(5000, 4000))).toBe(true);
  });

  it('stops on four unanimous answers, not three, and ignores abstentions', () => {
    expect(stopsAfter(betaRule(), ['7', '7', '7', '7', '7'])).toBe(4);
    expect(stopsAfter(betaRule(), ['7', '7', '7'])).toBeUndefined();
    expect(stopsAfter(betaRule(), ['7', null, '7', null, '7', '7'])).toBe(6);
    expect(stopsAfter(betaRule(), ['7', '5', '7', '7', '7', '7', '7'])).toBe(7); // 6–1: 0.965
    expect(stopsAfter(betaRule({ threshold: 0.99 }), ['7', '7', '7', '7', '7', '7', '7'])).toBe(6); // 1 − 2^−7
  });
});

describe('esc', () => {
  it('stops only at the end of a unanimous window', () => {
    expect(stopsAfter(escRule(), ['a', 'a', 'a', 'a', 'a', 'a'])).toBe(5);
    expect(stopsAfter(escRule(), ['a', 'a', 'b', 'a', 'a', 'a', 'a', 'a', 'a', 'a'])).toBe(10);
    expect(stopsAfter(escRule({ window: 3 }), ['a', 'b', 'a', 'b', 'b', 'b'])).toBe(6);
  });

  it('treats a window holding an abstention or a failure as not unanimous', () => {
    expect(stopsAfter(escRule({ window: 2 }), ['a', null, 'a', 'a'])).toBe(4);
    const session = escRule({ window: 2 }).begin();
    expect(session.check(state([sample(0, 'a'), sample(1, 'a', { status: 'error' })])).stop).toBe(false);
  });
});

/** P(p_1 is the largest share) under Dir(counts + 1) by Monte Carlo, via Gamma(k) = sum of k exponentials. */
function dirichletMonteCarlo(counts: number[], draws: number): number {
  const rng = createRng(42);
  const gamma = (k: number): number => {
    let sum = 0;
    for (let i = 0; i < k; i++) sum -= Math.log(1 - rng.next());
    return sum;
  };
  let wins = 0;
  for (let d = 0; d < draws; d++) {
    const first = gamma((counts[0] as number) + 1);
    if (counts.slice(1).every((c) => gamma(c + 1) < first)) wins++;
  }
  return wins / draws;
}

describe('dirichlet', () => {
  it('equals the Beta closed form on two classes', () => {
    for (const [a, b] of [[4, 0], [5, 2], [9, 6], [40, 31]] as const) {
      expect(dirichletLeaderProbability([a, b])).toBeCloseTo(betaLeaderProbability(a, b), 5);
    }
  });

  it('agrees with a Monte-Carlo estimate on several classes', () => {
    for (const counts of [[6, 2, 2], [5, 4, 1, 1], [3, 1, 1, 1, 1]]) {
      expect(Math.abs(dirichletLeaderProbability(counts) - dirichletMonteCarlo(counts, 20000))).toBeLessThan(0.015);
    }
  });

  it('is the Beta rule below three classes and less strict than a two-way race with the rest merged', () => {
    expect(stopsAfter(dirichletRule(), ['7', '7', '7', '7'])).toBe(4);
    const p3 = dirichletLeaderProbability([6, 2, 2]);
    expect(p3).toBeGreaterThan(betaLeaderProbability(6, 4));
    expect(p3).toBeLessThan(betaLeaderProbability(6, 2));
    expect(stopsAfter(dirichletRule(), ['a', 'a', 'b', 'a', 'c', 'a', 'a', 'a', 'a'])).toBe(9);
  });
});

describe('fixed', () => {
  it('stops at n and tells the engine to start no more', () => {
    expect(stopsAfter(fixedRule({ n: 3 }), ['a', 'b', 'c', 'd'])).toBe(3);
    expect(fixedRule({ n: 3 }).maxSamples).toBe(3);
    expect(() => fixedRule({ n: 0 })).toThrow(InvalidInputError);
  });
});

const tok = (top: number[]): GeneratedToken => ({ text: 'x', top: top.map((logprob) => ({ token: 'x', logprob })) });

describe('deepconf online', () => {
  it('computes token and lowest-group confidence', () => {
    expect(tokenConfidence(tok([-1, -3]), 20)).toBe(2);
    expect(tokenConfidence({ text: 'x' }, 20)).toBe(0);
    const tokens = [tok([-4]), tok([-4]), tok([-1]), tok([-1]), tok([-4])];
    expect(lowestGroupConfidence(tokens, 2, 20)).toBe(1);
    expect(lowestGroupConfidence(tokens, 10, 20)).toBeCloseTo(14 / 5);
    expect(percentile([1, 2, 3, 4, 5], 10)).toBeCloseTo(1.4);
  });

  it('sets the threshold from warm-up traces, then cancels a low-confidence trace mid-generation', () => {
    const rule = deepConfRule({ warmup: 3, window: 2, variant: 'high' });
    const session = rule.begin();
    expect(session.watch?.(0)).toBeUndefined(); // warm-up traces run in full
    const watcher = session.watch?.(3);
    expect(watcher).toBeDefined();
    // Before the threshold exists nothing is cancelled.
    expect(watcher?.(tok([-0.1]))).toBeUndefined();
    const warm = [7, 5, 6].map((c, i) => sample(i, i === 0 ? 'b' : 'a', { logprobs: [tok([-c]), tok([-c])] }));
    // Threshold = 10th percentile of {7, 5, 6} = 5.2: the trace at 5 does not vote; 'b' 7 vs 'a' 6.
    expect(session.check(state(warm)).stop).toBe(false);
    // A window mean of 0.1 is below the threshold.
    expect(watcher?.(tok([-0.1]))).toBe('cancel');
    const confident = session.watch?.(4);
    expect(confident?.(tok([-9]))).toBeUndefined();
    expect(confident?.(tok([-9]))).toBeUndefined();
  });

  it('stops when the confidence-weighted vote is nearly unanimous and drops warm-up traces below the threshold', () => {
    const session = deepConfRule({ warmup: 3, window: 2, consensus: 0.9 }).begin();
    const samples = [sample(0, 'b', { logprobs: [tok([-1])] }), sample(1, 'a', { logprobs: [tok([-6])] }), sample(2, 'a', { logprobs: [tok([-7])] })];
    // Threshold 10th pct of {1, 6, 7} = 2: the low-confidence 'b' does not vote, so 'a' has it all.
    const verdict = session.check(state(samples));
    expect(verdict.stop).toBe(true);
    expect(deepConfRule().needsTopLogprobs).toBe(20);
  });
});

describe('auto', () => {
  it('starts as cautious as beta and learns from a run of agreeing questions to stop sooner', () => {
    const rule = autoRule();
    const unanimous = Array.from({ length: 12 }, () => 'x');
    expect(stopsAfter(rule, unanimous)).toBe(4);
    for (let q = 0; q < 30; q++) {
      const session = rule.begin();
      session.end?.(fromAnswers(['y', 'y', 'y', 'y', 'y']), exactAnswers);
    }
    expect(stopsAfter(rule, unanimous)).toBe(2);
    // A split question still does not stop early, unless a sample cap says so.
    expect(stopsAfter(rule, ['a', 'b', 'a', 'b', 'a', 'b'])).toBeUndefined();
    expect(stopsAfter(autoRule({ sampleCap: 6 }), ['a', 'b', 'a', 'b', 'a', 'b', 'a'])).toBe(6);
  });

  it('accepts a modest lead once too few samples are left to overturn it', () => {
    const votes = fromAnswers(['a', 'b', 'a', 'a', 'b', 'a', 'b', 'a', 'a', 'b', 'a']); // 7–4 after 11
    expect(autoRule().begin().check(state(votes, 200)).stop).toBe(false);
    expect(autoRule().begin().check(state(votes, 13)).stop).toBe(true); // 2 left: 7–4 cannot flip
    expect(autoRule().begin().check(state(votes.slice(0, 10), 13)).stop).toBe(false); // 6–4, 3 left: it can
  });

  it('counts a finished vote by the share of started generations that finished, since the first finishers are the shortest', () => {
    const five = fromAnswers(['x', 'x', 'x', 'x', 'x']);
    const running = (inFlight: number): StopState => ({ ...state(five), inFlight });
    expect(autoRule().begin().check(running(0)).stop).toBe(true);
    expect(autoRule().begin().check(running(1)).stop).toBe(true); // 5 of 6 finished: worth 4.2 votes
    expect(autoRule().begin().check(running(7)).stop).toBe(false); // 5 of 12: worth 2.1 votes
    expect(autoRule({ discount: 0 }).begin().check(running(7)).stop).toBe(true);
  });

  it('has no length cap unless asked; the cap ignores answerless samples', () => {
    const lengths = [100, 300, 200].map((t, i) => sample(i, 'a', { tokens: t }));
    expect(autoRule().begin().lengthCap?.(state(lengths))).toBeUndefined();
    const session = autoRule({ lengthCap: 2, lengthCapAfter: 3 }).begin();
    expect(session.lengthCap?.(state(lengths.slice(0, 2)))).toBeUndefined();
    expect(session.lengthCap?.(state(lengths))).toBe(400);
    // Failed requests recorded with 0 tokens and no answer must not drag the median to 0.
    const withFailures = [...lengths, sample(3, null, { tokens: 0 }), sample(4, null, { tokens: 0 }), sample(5, null, { tokens: 0 })];
    expect(session.lengthCap?.(state(withFailures))).toBe(400);
  });

  it('rejects bad options', () => {
    expect(() => autoRule({ discount: -1 })).toThrow(/discount/);
    expect(() => autoRule({ lengthCap: 1 })).toThrow(/lengthCap/);
    expect(() => autoRule({ threshold: 1 })).toThrow(/threshold/);
    expect(autoRule({ threshold: 0.99 }).name).toBe('auto(threshold=0.99)');
  });
});

describe('agreement prior', () => {
  it('gives the chance that the remaining votes overturn the leader', () => {
    const flat = new AgreementPrior(5);
    expect(flat.flipProbability(0, 0, 1)).toBeCloseTo(0.5, 6); // one vote decides a 0–0 race
    expect(flat.flipProbability(1, 0, 1)).toBeCloseTo(1 / 6, 3); // a tie with P(E[1−x] | Beta(2,1)) = 1/3, half credit
    expect(flat.flipProbability(3, 1, 0)).toBe(0);
    expect(flat.flipProbability(2, 2, 0)).toBeCloseTo(0.5, 12);
    expect(flat.flipProbability(4, 0, Infinity)).toBeCloseTo(1 - flat.leaderProbability(4, 0), 12);
    expect(flat.flipProbability(4, 0, 400)).toBeCloseTo(betaLeaderProbability(0, 4), 2); // many votes left: P(x < ½)
    expect(flat.flipProbability(7, 4, 2)).toBe(0);
    expect(flat.flipProbability(6, 4, 3)).toBeGreaterThan(0.04);
  });
});

describe('registry', () => {
  it('builds rules by name and from command-line specs, rejecting unknown names and bad specs', () => {
    expect(getStopRule('beta').name).toBe('beta(0.95)');
    expect(parseStopRule('esc:window=8').name).toBe('esc(8)');
    expect(parseStopRule('beta:threshold=0.9').name).toBe('beta(0.9)');
    expect(parseStopRule('fixed:n=16').maxSamples).toBe(16);
    expect(() => parseStopRule('nope')).toThrow(UnknownNameError);
    expect(() => parseStopRule('beta:threshold')).toThrow(InvalidInputError);
    expect(() => parseStopRule('beta:threshold=2')).toThrow(/threshold must be in \(0, 1\)/);
  });
});
