import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { loadSamplePool } from '../recordings/load-sample-pool.js';
import type { Check } from '../core/check.js';
import { sharedPath } from '../../test/shared.js';
import { sample } from './__fixtures__/samples.js';
import { cisc } from './cisc.js';
import { fobar } from './fobar.js';
import { majorityOfPassed } from './majority-of-passed.js';
import { parseStrategySpec } from './strategy-spec.js';
import { verifiedVote } from './verified-vote.js';

const context = { answerKind: exactAnswers, seed: 0 };
const check = (verifier: string, index: number, score: number, extra: Partial<Check> = {}): Check => ({
  verifier,
  sample: index,
  status: 'judged',
  score,
  passed: score >= 0.5,
  usage: { promptTokens: 1, completionTokens: 10, calls: 2 },
  ...extra,
});
const checked = (index: number, answer: string, score: number, extra: Partial<Check> = {}) => sample(index, answer, { checks: [check('rederive', index, score, extra)] });

describe('verification-based strategies', () => {
  // a: 3 votes that fail their checks; b: 2 votes that pass.
  const samples = [checked(0, 'a', 0.25), checked(1, 'a', 0), checked(2, 'b', 1), checked(3, 'a', 0.25), checked(4, 'b', 0.75)];

  it('verified vote weighs each vote by its check score and counts the checks in usage', async () => {
    const d = await verifiedVote().aggregate(samples, context);
    expect(d).toMatchObject({ answer: 'b', confidenceKind: 'weight-share' });
    expect(d.confidence).toBeCloseTo(1.75 / 2.25);
    expect(d.usage).toEqual({ promptTokens: 5 * 5 + 5, completionTokens: 5 * 10 + 50, calls: 5 + 10 });
  });

  it('majority of passed votes among passing samples; nothing passed leaves the plain majority at confidence 0', async () => {
    const d = await majorityOfPassed().aggregate(samples, context);
    expect(d.answer).toBe('b');
    expect(d.confidence).toBeCloseTo(2 / 5);
    const none = await majorityOfPassed().aggregate([checked(0, 'a', 0), checked(1, 'b', 0.25), checked(2, 'a', 0)], context);
    expect(none).toMatchObject({ answer: 'a', confidence: 0 });
  });

  it('a failed check weighs nothing and never passes', async () => {
    const failed = [checked(0, 'a', 1, { status: 'failed', score: 0, passed: false }), checked(1, 'b', 0.5)];
    expect((await verifiedVote().aggregate(failed, context)).answer).toBe('b');
    expect((await majorityOfPassed().aggregate(failed, context)).answer).toBe('b');
  });

  it('CISC is a softmax-weighted vote: a low temperature follows the most confident sample, a high one the majority', async () => {
    const withPTrue = samples.map((s) => ({ ...s, checks: [check('p-true', s.index, s.index === 2 ? 0.9 : 0.6)] }));
    expect((await cisc({ temperature: 0.01 }).aggregate(withPTrue, context)).answer).toBe('b');
    const warm = await cisc({ temperature: 100 }).aggregate(withPTrue, context);
    expect(warm.answer).toBe('a');
    expect(warm.confidence).toBeCloseTo(3 / 5, 2);
    expect(() => cisc({ temperature: 0 })).toThrow(/temperature must be positive/);
  });

  it('FOBAR multiplies the forward vote share by the backward share of recovered numbers', async () => {
    // a: 3 of 4 votes, no chain recovers its number; b: 1 vote, both its chains do.
    const fwd = [sample(0, 'a'), sample(1, 'a'), sample(2, 'a'), sample(3, 'b', { checks: [check('backward', 3, 1)] }), sample(4, 'a', { checks: [check('backward', 4, 0)] })];
    const even = await fobar().aggregate(fwd, context);
    expect(even.answer).toBe('b');
    const forwardOnly = await fobar({ alpha: 1 }).aggregate(fwd, context);
    expect(forwardOnly).toMatchObject({ answer: 'a', confidence: 0.8 });
  });

  it('refuses samples that carry no check, saying how to get them', async () => {
    expect(() => verifiedVote().aggregate([sample(0, 'a')], context)).toThrow(/verified-vote needs a verifier check .*--verify/);
    await expect(parseStrategySpec('cisc:verifier=genrm').aggregate([sample(0, 'a', { checks: [check('p-true', 0, 1)] })], context)).rejects.toThrow(/needs a genrm check/);
  });
});

describe('on the recorded toy-arith-sf checks (models/toy-arith-sf/README.md, groups of N in order)', () => {
  it('reproduces the model card: majority, vote × check score, best by check score, majority of passed', async () => {
    const pool = await loadSamplePool(sharedPath('models', 'toy-arith-sf', 'dev-feedback-samples.jsonl'));
    const specs = ['majority', 'verified-vote', 'best-of-n:signal=verifier', 'majority-of-passed'];
    const accuracy = async (spec: string, n: number): Promise<number> => {
      const strategy = parseStrategySpec(spec);
      let right = 0;
      for (const q of pool.questions) {
        for (let g = 0; g < 16 / n; g++) right += (await strategy.aggregate(q.samples.slice(g * n, (g + 1) * n), { answerKind: q.answerKind, seed: 0 })).answer === q.gold ? 1 : 0;
      }
      return Math.round((1000 * right) / (pool.questions.length * (16 / n))) / 10;
    };
    const at4 = await Promise.all(specs.map((s) => accuracy(s, 4)));
    const at16 = await Promise.all(specs.map((s) => accuracy(s, 16)));
    expect(at4).toEqual([85.8, 88.4, 88, 87.8]);
    expect(at16).toEqual([88, 89.5, 88.5, 89]);
  });
});
