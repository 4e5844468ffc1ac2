import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import type { Verdict } from './judge.js';
import { askEveryPair, fitSupportCurve, stopOnAgreement, stopOnSupport } from './judge-stop.js';

const verdict = (score: number | null, sample = 0): Verdict => ({ sample, score, from: 'text', answer: '', usage: { promptTokens: 0, completionTokens: 0, calls: 1 } });

describe('judge stop rules', () => {
  it('askEveryPair keeps the seeded order and never stops', () => {
    const rule = askEveryPair();
    expect(rule.order([2, 0, 1], [0.9, 0.1, 0.5])).toEqual([2, 0, 1]);
    expect(rule.stop({ verdicts: [verdict(1)], remaining: [], support: [] })).toBe(false);
  });

  it('stopOnAgreement stops only when its first k verdicts agree', () => {
    const rule = stopOnAgreement(3);
    expect(rule.stop({ verdicts: [verdict(1), verdict(1), verdict(1)], remaining: [4], support: [] })).toBe(true);
    expect(rule.stop({ verdicts: [verdict(1), verdict(0), verdict(1)], remaining: [4], support: [] })).toBe(false);
    expect(rule.stop({ verdicts: [verdict(1), verdict(0), verdict(1), verdict(1)], remaining: [4], support: [] })).toBe(false);
    expect(() => stopOnAgreement(0)).toThrow(/k >= 1/);
  });

  it('stopOnSupport asks the most supportive samples first and stops when few Yes are left to expect', () => {
    const rule = stopOnSupport({ delta: 0.5, minCalls: 1, intercept: -5, slope: 10 });
    const support = [0.1, 0.9, 0.5, 0.95];
    expect(rule.order([0, 1, 2, 3], support)).toEqual([3, 1, 2, 0]);
    // σ(0) = 0.5 for sample 2 alone: not below delta; sample 0 alone: σ(−4) ≈ 0.018.
    expect(rule.stop({ verdicts: [verdict(1, 3), verdict(1, 1)], remaining: [2, 0], support })).toBe(false);
    expect(rule.stop({ verdicts: [verdict(1, 3), verdict(1, 1), verdict(1, 2)], remaining: [0], support })).toBe(true);
    const patient = stopOnSupport({ delta: 0.5, minCalls: 4, intercept: -5, slope: 10 });
    expect(patient.stop({ verdicts: [verdict(1, 3), verdict(1, 1), verdict(1, 2)], remaining: [0], support })).toBe(false);
  });

  it('fitSupportCurve recovers the logistic curve that generated the verdicts', () => {
    const rng = createRng(3);
    const observations = Array.from({ length: 20000 }, () => {
      const support = rng.next();
      return { support, yes: rng.next() < 1 / (1 + Math.exp(-(-3 + 6 * support))) };
    });
    const curve = fitSupportCurve(observations);
    expect(curve.intercept).toBeCloseTo(-3, 0);
    expect(curve.slope).toBeCloseTo(6, 0);
    expect(() => fitSupportCurve([{ support: 0.5, yes: true }])).toThrow(/both Yes and No/);
  });
});
