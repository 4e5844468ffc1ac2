import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { InvalidInputError } from '../core/errors.js';
import { deepConfRule } from '../stopping/deepconf-online.js';
import { escRule } from '../stopping/esc.js';
import { fixedRule } from '../stopping/fixed.js';
import { keepGoing, type StopRule } from '../stopping/stop-rule.js';
import type { Sample } from '../core/types.js';
import { simulateStopping } from './simulate-stopping.js';

const recorded = (answer: string | null, tokens: number): Sample => ({
  index: 0,
  text: answer ?? '',
  answer,
  tokens,
  finishReason: 'stop',
  status: 'ok',
  usage: { promptTokens: 0, completionTokens: tokens, calls: 1 },
});
const pool = (tokens: number[], answer: string | null = 'a'): Sample[] => tokens.map((t) => recorded(answer, t));
const answerKind = exactAnswers;

describe('simulateStopping', () => {
  it('runs c generations side by side and cancels the rest when the rule fires', () => {
    // c=2: s0 (10 tokens) and s1 (4) start at 0; s1 ends at 4 and s2 (7) starts; at 10 s0 ends, the
    // window of 2 agrees, and s2 is cancelled having generated 6 of its 7 tokens.
    const r = simulateStopping({ pool: pool([10, 4, 7, 8]), rule: escRule({ window: 2 }), answerKind, concurrency: 2 });
    expect(r.latency).toBe(10);
    expect(r.tokens).toBe(4 + 10 + 6);
    expect(r.started).toBe(3);
    expect(r.samples.map((s) => [s.index, s.status, s.tokens])).toEqual([[1, 'ok', 4], [0, 'ok', 10], [2, 'aborted', 6]]);
    expect(r.stop).toEqual({ rule: 'esc(2)', reason: 'window 1 of 2 agreed on a' });
  });

  it('is sequential at concurrency 1, with latency equal to tokens', () => {
    const r = simulateStopping({ pool: pool([5, 7, 9]), rule: fixedRule({ n: 2 }), answerKind, concurrency: 1 });
    expect(r).toMatchObject({ latency: 12, tokens: 12, started: 2 });
  });

  it('cancels a generation at the token that crosses the length cap; it counts those tokens and never votes', () => {
    const capAt5: StopRule = { name: 'cap', begin: () => ({ check: () => keepGoing, lengthCap: () => 5 }) };
    const r = simulateStopping({ pool: [recorded('b', 20), ...pool([3, 4])], rule: capAt5, answerKind, concurrency: 3 });
    expect(r.tokens).toBe(6 + 3 + 4);
    expect(r.latency).toBe(6);
    expect(r.samples.find((s) => s.index === 0)).toMatchObject({ status: 'aborted', tokens: 6, answer: null, usage: { completionTokens: 6 } });
    // A generation whose last token is the one past the cap finishes.
    const exact = simulateStopping({ pool: [recorded('b', 6)], rule: capAt5, answerKind, concurrency: 1 });
    expect(exact.samples[0]).toMatchObject({ status: 'ok', tokens: 6, answer: 'b' });
  });

  it('funds each generation from a share of the token budget, as the engine does, and stops when it is spent', () => {
    // 25 tokens for two slots: 12 and 13; at t=10 the first two end and the next two get the 2 and 3 left,
    // end by their limit (no answer), and the sixth cannot be funded.
    const r = simulateStopping({ pool: pool([10, 10, 10, 10, 10, 10]), rule: escRule({ window: 9 }), answerKind, concurrency: 2, maxTotalTokens: 25 });
    expect(r.tokens).toBe(25);
    expect(r.latency).toBe(13);
    expect(r.started).toBe(4);
    expect(r.samples.slice(2).map((s) => [s.index, s.finishReason, s.tokens, s.answer])).toEqual([[2, 'length', 2, null], [3, 'length', 3, null]]);
    expect(r.stop).toEqual({ rule: 'esc(9)', reason: 'budget: 25 tokens' });
  });

  it('refuses rules that need logprobs the recording does not have', () => {
    expect(() => simulateStopping({ pool: pool([1]), rule: deepConfRule(), answerKind, concurrency: 1 })).toThrow(InvalidInputError);
  });
});
