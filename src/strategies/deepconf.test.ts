import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { InvalidInputError } from '../core/errors.js';
import { flatLogprobs, sample, topWithConfidence } from './__fixtures__/samples.js';
import { deepConf, percentile } from './deepconf.js';

const context = { answerKind: exactAnswers, seed: 1 };
// Average token confidences 1..5 for answers a a b b c.
const traces = ['a', 'a', 'b', 'b', 'c'].map((answer, i) => sample(i, answer, { logprobs: topWithConfidence([i + 1, i + 1]) }));

describe('deepconf (offline)', () => {
  it('numpy percentile with linear interpolation', () => {
    expect(percentile([1, 2, 3, 4, 5], 60)).toBeCloseTo(3.4, 12);
    expect(percentile([5, 1], 50)).toBe(3);
    expect(percentile([2, 2, 2], 90)).toBe(2);
  });

  it('keeps the top η % of traces by score and votes with the scores', async () => {
    // η = 40: threshold = 60th percentile = 3.4 → keep 4 (b) and 5 (c).
    const d40 = await deepConf({ statistic: 'average', eta: 40 }).aggregate(traces, context);
    expect(d40.answer).toBe('c');
    expect(d40.confidence).toBeCloseTo(5 / 9, 6);
    // η = 100 keeps all: a 3, b 7, c 5.
    const all = await deepConf({ statistic: 'average', eta: 100 }).aggregate(traces, context);
    expect(all.votes.map((v) => [v.answer, v.weight])).toEqual([['b', 7], ['c', 5], ['a', 3]].map(([a, w]) => [a, expect.closeTo(w as number, 6)]));
    // η = 10 (default, DeepConf-low): only the best trace.
    const low = await deepConf({ statistic: 'average' }).aggregate(traces, context);
    expect(low).toMatchObject({ answer: 'c', confidence: 1 });
  });

  it('ties at the threshold are all kept', async () => {
    const tied = [0, 1, 2].map((i) => sample(i, i === 0 ? 'a' : 'b', { logprobs: topWithConfidence([2]) }));
    const d = await deepConf({ eta: 10 }).aggregate(tied, context);
    expect(d.votes.map((v) => [v.answer, v.weight])).toEqual([['b', expect.closeTo(4, 9)], ['a', expect.closeTo(2, 9)]]);
  });

  it('bottom-10 % uses sliding windows; the logprob source scores exp(statistic)', async () => {
    const s = [sample(0, 'a', { logprobs: topWithConfidence([3, 1, 2]) })];
    // Windows of 2: 2, 1.5 → one lowest window → 1.5.
    const d = await deepConf({ window: 2, eta: 100 }).aggregate(s, context);
    expect(d.votes[0]?.weight).toBeCloseTo(1.5, 9);
    const lp = await deepConf({ tokenConfidence: 'logprob', statistic: 'tail', window: 2, eta: 100 }).aggregate(
      [sample(0, 'a', { logprobs: [...flatLogprobs(-1, 1), ...flatLogprobs(-0.2, 2)] })],
      context,
    );
    expect(lp.votes[0]?.weight).toBeCloseTo(Math.exp(-0.2), 12);
  });

  it('rejects bad options and samples without top-k, naming the fix', async () => {
    expect(() => deepConf({ eta: 0 })).toThrow(InvalidInputError);
    expect(() => deepConf({ statistic: 'median' as never })).toThrow(/statistic must be one of average, lowest-group, bottom-10, tail/);
    await expect(async () => deepConf().aggregate([sample(0, 'a', { logprobs: flatLogprobs(-1) })], context)).rejects.toThrow(
      /top-20 logprobs.*tokenConfidence=logprob/,
    );
  });
});
