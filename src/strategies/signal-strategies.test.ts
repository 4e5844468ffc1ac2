import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { InvalidInputError, UnknownNameError } from '../core/errors.js';
import { sample } from './__fixtures__/samples.js';
import { bestOfN } from './best-of-n.js';
import { borda } from './borda.js';

const context = { answerKind: exactAnswers, seed: 1 };

describe('best-of-n', () => {
  it('picks the usable sample with the highest signal; confidence is its answer’s vote share', async () => {
    const samples = [
      sample(0, 'a', { score: 0.2 }),
      sample(1, 'b', { score: 0.9 }),
      sample(2, null, { score: 5 }),
      sample(3, 'x', { score: 7, status: 'error' }),
      sample(4, 'a', { score: 0.3 }),
    ];
    const d = await bestOfN({ signal: 'score' }).aggregate(samples, context);
    expect(d).toMatchObject({ answer: 'b', chosen: 1, confidenceKind: 'vote-share', abstained: false });
    expect(d.confidence).toBeCloseTo(1 / 3, 12);
    expect(d.votes.map((v) => [v.answer, v.count])).toEqual([['a', 2], ['b', 1]]);
  });

  it('ties go to the earliest sample; samples without the signal are never chosen', async () => {
    const d = await bestOfN({ signal: 'score' }).aggregate([sample(0, 'a'), sample(1, 'b', { score: 1 }), sample(2, 'c', { score: 1 })], context);
    expect(d.chosen).toBe(1);
  });

  it('abstains below the threshold, and throws a clear error when no usable sample has the signal', async () => {
    const d = await bestOfN({ signal: 'score', abstainBelow: 0.6 }).aggregate([sample(0, 'a', { score: 1 }), sample(1, 'b')], context);
    expect(d).toMatchObject({ answer: 'a', abstained: true });
    await expect(async () => bestOfN().aggregate([sample(0, 'a'), sample(1, 'b')], context)).rejects.toThrow(
      /best-of-n by signal "self-certainty" needs exact distribution statistics or top-k logprobs.*choose another signal/,
    );
    await expect(async () => bestOfN().aggregate([sample(0, 'a')], context)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('rejects an unknown signal when built', () => {
    expect(() => bestOfN({ signal: 'vibes' as never })).toThrow(UnknownNameError);
  });
});

describe('borda', () => {
  // Ranked by score: #3 (no answer) 4th-from-bottom, then #0 'a', #1 'b', #2 'b'.
  const samples = [sample(0, 'a', { score: 0.9 }), sample(1, 'b', { score: 0.8 }), sample(2, 'b', { score: 0.7 }), sample(3, null, { score: 0.95 })];

  it('rank r votes (N − r + 1)^p; the no-answer sample keeps its rank but does not vote', async () => {
    // p = 1: a gets 3, b gets 2 + 1 = 3 → tie, earliest class (a) wins.
    const linear = await borda({ signal: 'score', power: 1 }).aggregate(samples, context);
    expect(linear.votes.map((v) => [v.answer, v.weight])).toEqual([['a', 3], ['b', 3]]);
    expect(linear.answer).toBe('a');
    expect(linear.confidence).toBeCloseTo(0.5, 12);
    // p = 0.5 (default): a = √3, b = √2 + 1 → b.
    const root = await borda({ signal: 'score' }).aggregate(samples, context);
    expect(root.answer).toBe('b');
    expect(root.votes[0]?.weight).toBeCloseTo(Math.SQRT2 + 1, 12);
    expect(root.confidence).toBeCloseTo((Math.SQRT2 + 1) / (Math.SQRT2 + 1 + Math.sqrt(3)), 12);
    expect(root.confidenceKind).toBe('weight-share');
  });

  it('p = 0 is majority vote', async () => {
    const d = await borda({ signal: 'score', power: 0 }).aggregate(samples, context);
    expect(d.votes.map((v) => [v.answer, v.weight])).toEqual([['b', 2], ['a', 1]]);
  });

  it('samples without the signal rank last', async () => {
    const d = await borda({ signal: 'score', power: 1 }).aggregate([sample(0, 'a'), sample(1, 'b', { score: 0.1 })], context);
    expect(d.votes.map((v) => [v.answer, v.weight])).toEqual([['b', 2], ['a', 1]]);
  });
});
