import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Sample } from '../core/types.js';
import { majority } from './majority.js';
import { weighted } from './weighted.js';

const sample = (index: number, answer: string | null, extra: Partial<Sample> = {}): Sample => ({
  index,
  text: answer ?? 'no idea',
  answer,
  tokens: 10,
  finishReason: 'stop',
  status: 'ok',
  usage: { promptTokens: 5, completionTokens: 10, calls: 1 },
  ...extra,
});

const context = { answerKind: exactAnswers, seed: 1 };
const lp = (x: number) => [{ text: 't', logprob: x }, { text: 'u', logprob: x }];

describe('majority', () => {
  it('picks the most frequent answer with its vote share as confidence', async () => {
    const d = await majority().aggregate([sample(0, '7'), sample(1, '5'), sample(2, '7'), sample(3, null)], context);
    expect(d.answer).toBe('7');
    expect(d.confidence).toBeCloseTo(2 / 3);
    expect(d.sampleCounts).toEqual({ usable: 3, total: 4 });
    expect(d.votes.map((v) => [v.answer, v.count])).toEqual([['7', 2], ['5', 1]]);
    expect(d.usage).toEqual({ promptTokens: 20, completionTokens: 40, calls: 4 });
  });

  it('breaks ties toward the earliest sample and never lets abstentions or failures vote', async () => {
    const d = await majority().aggregate(
      [sample(0, null), sample(1, '5'), sample(2, '7'), sample(3, '9', { status: 'error' })],
      context,
    );
    expect(d.answer).toBe('5');
    expect(d.votes.every((v) => v.answer !== '')).toBe(true);
    expect(d.sampleCounts.usable).toBe(2);
  });

  it('abstains with no usable samples, and below the threshold', async () => {
    const none = await majority().aggregate([sample(0, null)], context);
    expect(none).toMatchObject({ answer: null, abstained: true, confidence: 0 });
    const split = await majority({ abstainBelow: 0.6 }).aggregate([sample(0, 'a'), sample(1, 'b')], context);
    expect(split).toMatchObject({ answer: 'a', abstained: true });
  });

  it('merges answers the answer kind calls equivalent', async () => {
    const numeric: AnswerKind = { ...exactAnswers, equivalent: (a, b) => Number(a) === Number(b) };
    const d = await majority().aggregate([sample(0, '0.5'), sample(1, '2'), sample(2, '.50')], {
      ...context,
      answerKind: numeric,
    });
    expect(d.votes[0]).toMatchObject({ answer: '0.5', count: 2, samples: [0, 2] });
  });
});

describe('weighted', () => {
  it('lets a high-scoring minority win with score weights', async () => {
    const d = await weighted({ weight: 'score' }).aggregate(
      [sample(0, 'a', { score: 0.1 }), sample(1, 'a', { score: 0.1 }), sample(2, 'b', { score: 0.9 })],
      context,
    );
    expect(d.answer).toBe('b');
    expect(d.confidence).toBeCloseTo(0.9 / 1.1);
  });

  it('weighs by normalized sequence probability', async () => {
    const d = await weighted().aggregate(
      [sample(0, 'a', { logprobs: lp(-3) }), sample(1, 'a', { logprobs: lp(-3) }), sample(2, 'b', { logprobs: lp(-0.01) })],
      context,
    );
    expect(d.answer).toBe('b');
    expect(d.votes[1]?.weight).toBeCloseTo(2 * Math.exp(-3));
  });

  it('declares its need and refuses samples that lack it, saying what to do', () => {
    const plain = [sample(0, 'a'), sample(1, 'a'), sample(2, 'b')];
    expect(weighted().needs?.description).toBe('per-token logprobs');
    expect(() => weighted().aggregate(plain, context)).toThrow(/weighted needs per-token logprobs, and no usable sample has it; request it from the backend or use majority/);
    expect(() => weighted({ weight: 'score' }).aggregate(plain, context)).toThrow(/weighted needs an external per-sample score/);
    expect(() => weighted({ weight: 'perplexity' as 'score' })).toThrow(/weight must be one of score, normalized-probability/);
  });
});
