import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { flatLogprobs, sample } from './__fixtures__/samples.js';
import { prunedPaths, rpc } from './rpc.js';
import { fitWeibullMixture, highComponentProbability, nelderMead, rememberingFit, weibullLogPdf } from './weibull-mixture.js';

const context = { answerKind: exactAnswers, seed: 1 };
const high = [0.92, 0.9, 0.88, 0.91, 0.93, 0.89, 0.9, 0.87];
const low = [0.2, 0.25, 0.15, 0.22];

describe('Weibull mixture', () => {
  it('Nelder–Mead finds the Rosenbrock minimum', () => {
    const [x = 0, y = 0] = nelderMead(([a = 0, b = 0]) => (1 - a) ** 2 + 100 * (b - a * a) ** 2, [-1.2, 1], 2000);
    expect(x).toBeCloseTo(1, 3);
    expect(y).toBeCloseTo(1, 3);
  });

  it('Weibull log-density by hand: k = 1 is the exponential, k = 2 the Rayleigh', () => {
    expect(weibullLogPdf(0.5, 1, 2)).toBeCloseTo(Math.log(0.5 * Math.exp(-0.25)), 12);
    expect(weibullLogPdf(0.5, 2, 1)).toBeCloseTo(Math.log(2 * 0.5 * Math.exp(-0.25)), 12);
  });

  it('fits two clusters with component 1 the high one, within the reference bounds', () => {
    const m = fitWeibullMixture([...high, ...low]);
    expect(m).toBeDefined();
    if (m === undefined) return;
    expect(m.w).toBeGreaterThanOrEqual(0.2);
    expect(m.w).toBeLessThanOrEqual(0.8);
    expect(highComponentProbability(m, 0.9)).toBeGreaterThan(0.5);
    expect(highComponentProbability(m, 0.2)).toBeLessThan(0.5);
  });

  it('fits the same mixture whatever order the paths came in, and remembers it by the set of q', () => {
    const qs = [...high, ...low];
    const fit = fitWeibullMixture(qs);
    expect(fitWeibullMixture(qs.toReversed())).toEqual(fit);
    expect(fitWeibullMixture([...low, ...high])).toEqual(fit);
    const remembering = rememberingFit(2);
    const first = remembering(qs.toReversed());
    expect(first).toEqual(fit);
    // Remembered: the same object back, not a new fit.
    expect(remembering(qs)).toBe(first);
    // Two more sets: the least recently used (this one) goes, the memory stays at two.
    const other = [...high, 0.5, 0.55];
    expect(remembering(other)).not.toEqual(fit);
    expect(remembering(other)).toBe(remembering(other));
    remembering([...low, 0.5, 0.55]);
    const refitted = remembering(qs);
    expect(refitted).not.toBe(first);
    expect(refitted).toEqual(fit);
  });
});

describe('rpc', () => {
  it('prunes the low cluster (low component and below the mean q), nothing when too few or all equal', () => {
    const paths = [...high, ...low].map((q, i) => [i, q] as const);
    expect([...prunedPaths(paths, 5)].toSorted((a, b) => a - b)).toEqual([8, 9, 10, 11]);
    expect(prunedPaths(paths.slice(0, 4), 5).size).toBe(0);
    expect(prunedPaths(high.map((_, i) => [i, 0.5] as const), 5).size).toBe(0);
  });

  it('counts identical completions once: two identical paths lose to one more probable path', async () => {
    const samples = [
      sample(0, 'a', { text: 'same', logprobs: flatLogprobs(Math.log(0.5)) }),
      sample(1, 'a', { text: 'same', logprobs: flatLogprobs(Math.log(0.5)) }),
      sample(2, 'b', { text: 'other', logprobs: flatLogprobs(Math.log(0.6)) }),
    ];
    const d = await rpc().aggregate(samples, context);
    expect(d.answer).toBe('b');
    expect(d.confidence).toBeCloseTo(0.6 / 1.1, 12);
    expect(d.votes.map((v) => v.count)).toEqual([1, 2]);
  });

  it('pruned paths join their class with zero weight', async () => {
    const qs = [...high, ...low];
    const samples = qs.map((q, i) => sample(i, i < 8 ? 'a' : 'b', { text: `path ${i}`, logprobs: flatLogprobs(Math.log(q)) }));
    const d = await rpc().aggregate(samples, context);
    expect(d.votes.find((v) => v.answer === 'b')).toMatchObject({ count: 4, weight: 0 });
    expect(d.confidence).toBe(1);
    const unpruned = await rpc({ prune: false }).aggregate(samples, context);
    expect(unpruned.confidence).toBeCloseTo(high.reduce((a, b) => a + b) / qs.reduce((a, b) => a + b), 12);
  });

  it('falls back to majority when every class scores 0 (probabilities underflow)', async () => {
    const samples = [0, 1, 2].map((i) => sample(i, i === 0 ? 'a' : 'b', { logprobs: flatLogprobs(-800) }));
    const d = await rpc().aggregate(samples, context);
    expect(d.answer).toBe('b');
    expect(d.confidence).toBeCloseTo(2 / 3, 12);
  });

  it('throws a clear error without logprobs', async () => {
    await expect(async () => rpc().aggregate([sample(0, 'a')], context)).rejects.toThrow(/rpc needs per-token logprobs/);
  });
});
