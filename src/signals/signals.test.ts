import type { Check } from '../core/check.js';
import { describe, expect, it } from 'vitest';
import type { GeneratedToken, Sample } from '../core/types.js';
import { meanTokenEntropy, topKEntropy } from './entropy.js';
import { bottomGroupConfidence, groupConfidences, groupStatistic, lowestGroupConfidence, tailConfidence } from './group-confidence.js';
import { meanLogprob, minLogprob, normalizedProbability, perplexity } from './logprob.js';
import { getSignal, signalNames } from './registry.js';
import { exactSelfCertainty, selfCertainty, topKSelfCertainty } from './self-certainty.js';
import { tokenConfidences, topKConfidence } from './token-confidence.js';

const sample = (logprobs: GeneratedToken[], extra: Partial<Sample> = {}): Sample => ({
  index: 0,
  text: 'x',
  answer: '1',
  tokens: logprobs.length,
  logprobs,
  finishReason: 'stop',
  status: 'ok',
  usage: { promptTokens: 0, completionTokens: logprobs.length, calls: 1 },
  ...extra,
});

const ln = Math.log;

describe('logprob signals', () => {
  const s = sample([{ text: 'a', logprob: ln(0.5) }, { text: 'b', logprob: ln(0.125) }]);

  it('mean logprob, perplexity and normalized probability by hand', () => {
    // mean = (ln ½ + ln ⅛)/2 = ln(1/4) → perplexity 4, normalized probability ¼.
    expect(meanLogprob(s)).toBeCloseTo(ln(0.25), 12);
    expect(perplexity(s)).toBeCloseTo(4, 12);
    expect(normalizedProbability(s)).toBeCloseTo(0.25, 12);
    expect(minLogprob(s)).toBeCloseTo(ln(0.125), 12);
  });

  it('is undefined without logprobs, never 0', () => {
    const none = sample([{ text: 'a' }]);
    expect(meanLogprob(none)).toBeUndefined();
    expect(perplexity(none)).toBeUndefined();
    expect(normalizedProbability(sample([]))).toBeUndefined();
  });
});

describe('self-certainty', () => {
  // V = 4, p = (0.7, 0.1, 0.1, 0.1): KL(U‖p) = −ln 4 − ¼ Σ ln p.
  const p = [0.7, 0.1, 0.1, 0.1];
  const exact = -ln(4) - p.reduce((sum, x) => sum + ln(x), 0) / 4;
  const top = p.map((x, i) => ({ token: `t${i}`, logprob: ln(x) }));

  it('exact: the mean of the per-token values the backend filled', () => {
    const s = sample([
      { text: 'a', logprob: ln(0.7), selfCertainty: exact, top },
      { text: 'b', logprob: ln(0.7), selfCertainty: exact + 1, top },
    ]);
    expect(exactSelfCertainty(s)).toBeCloseTo(exact + 0.5, 12);
    expect(selfCertainty(s)).toBeCloseTo(exact + 0.5, 12);
  });

  it('top-k: −(1/k) Σ of the k best logprobs, which is the exact value + ln V when k = V', () => {
    const s = sample([{ text: 'a', logprob: ln(0.7), top }]);
    // With k = V the top-k mean is the full mean, so top-k = exact + ln V.
    expect(topKSelfCertainty(s, 4)).toBeCloseTo(exact + ln(4), 12);
    expect(topKSelfCertainty(s, 2)).toBeCloseTo(-(ln(0.7) + ln(0.1)) / 2, 12);
    // No exact values on the tokens → the approximation stands in.
    expect(selfCertainty(s, 2)).toBeCloseTo(-(ln(0.7) + ln(0.1)) / 2, 12);
    expect(exactSelfCertainty(s)).toBeUndefined();
  });

  it('a token without top alternatives makes the top-k value undefined', () => {
    expect(topKSelfCertainty(sample([{ text: 'a', logprob: -1, top }, { text: 'b', logprob: -1 }]))).toBeUndefined();
  });
});

describe('DeepConf token and group confidence', () => {
  it('token confidence sorts the alternatives and keeps the k best (some backends append the sampled token)', () => {
    const token = { text: 'a', top: [{ token: 'x', logprob: -1 }, { token: 'y', logprob: -3 }, { token: 'z', logprob: -2 }] };
    expect(topKConfidence(token, 2)).toBeCloseTo(1.5, 12);
    expect(topKConfidence({ text: 'a' })).toBeUndefined();
  });

  it('series from top-k or from the sampled logprobs', () => {
    const s = sample([
      { text: 'a', logprob: -0.1, top: [{ token: 'a', logprob: -0.1 }, { token: 'b', logprob: -2.3 }] },
      { text: 'b', logprob: -0.5, top: [{ token: 'b', logprob: -0.5 }, { token: 'c', logprob: -1.5 }] },
    ]);
    expect(tokenConfidences(s, 'top-k')).toEqual([1.2, 1]);
    expect(tokenConfidences(s, 'logprob')).toEqual([-0.1, -0.5]);
  });

  const series = [5, 1, 3, 2, 6, 4];

  it('sliding-window means, lowest, bottom-10 %, tail', () => {
    // Windows of 2: (5,1)=3, (1,3)=2, (3,2)=2.5, (2,6)=4, (6,4)=5.
    expect(groupConfidences(series, 2)).toEqual([3, 2, 2.5, 4, 5]);
    expect(lowestGroupConfidence(series, 2)).toBe(2);
    // 5 windows: ⌊0.1·5⌋ = 0 → at least 1 → equals the lowest.
    expect(bottomGroupConfidence(series, 2)).toBe(2);
    // 20 % of 5 windows = 1; 50 % = 2 lowest → (2 + 2.5)/2.
    expect(bottomGroupConfidence(series, 2, 0.5)).toBe(2.25);
    expect(tailConfidence(series, 2)).toBe(5);
    expect(groupStatistic(series, 'average', 2)).toBe(3.5);
  });

  it('a series shorter than the window collapses to its mean', () => {
    for (const statistic of ['average', 'lowest-group', 'bottom-10', 'tail'] as const) {
      expect(groupStatistic(series, statistic, 2048)).toBeCloseTo(3.5, 12);
    }
    expect(groupStatistic([], 'tail')).toBeNaN();
  });
});

describe('entropy', () => {
  it('exact when every token has it, else −Σ p ln p over the top-k', () => {
    const top = [{ token: 'a', logprob: ln(0.5) }, { token: 'b', logprob: ln(0.25) }];
    expect(topKEntropy({ text: 'a', top })).toBeCloseTo(0.5 * ln(2) + 0.25 * ln(4), 12);
    expect(meanTokenEntropy(sample([{ text: 'a', entropy: 1, top }, { text: 'b', entropy: 2, top }]))).toBeCloseTo(1.5, 12);
    expect(meanTokenEntropy(sample([{ text: 'a', entropy: 1, top }, { text: 'b', top }]))).toBeCloseTo(0.5 * ln(2) + 0.25 * ln(4), 12);
    expect(meanTokenEntropy(sample([{ text: 'a', logprob: -1 }]))).toBeUndefined();
  });
});

const check = (score: number): Check => ({ verifier: 'rederive', sample: 0, status: 'judged', score, passed: score >= 0.5, usage: { promptTokens: 0, completionTokens: 1, calls: 1 } });

describe('signal registry', () => {
  it('every signal is higher = more confident and undefined without its inputs', () => {
    const confident = sample([{ text: 'a', logprob: ln(0.9), entropy: 0.2, selfCertainty: 3, top: [{ token: 'a', logprob: ln(0.9) }, { token: 'b', logprob: ln(0.01) }] }], { score: 2, checks: [check(0.9)] });
    const unsure = sample([{ text: 'a', logprob: ln(0.4), entropy: 1.1, selfCertainty: 0.5, top: [{ token: 'a', logprob: ln(0.4) }, { token: 'b', logprob: ln(0.35) }] }], { score: 1, checks: [check(0.2)] });
    const bare = sample([{ text: 'a' }]);
    for (const name of signalNames()) {
      const signal = getSignal(name);
      expect(signal(confident), name).toBeGreaterThan(signal(unsure) as number);
      expect(signal(bare), name).toBeUndefined();
    }
  });

  it('unknown names list the known ones', () => {
    expect(() => getSignal('confidence')).toThrow(/unknown signal "confidence"; choose one of: score, mean-logprob/);
  });
});
