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

describe('simulateStopping', () => {
  it('runs c generations side by side and cancels the rest when the rule fires', () => {
    // c=2: s0 (10 tokens) and s1 (4) start at 0; s1 ends at 4 and s2 (7) starts; at 10 s0 ends, the
    // window of 2 agrees, and s2 is cancelled having generated 6 of its 7 tokens.
    const r = simulateStopping({ pool: pool([10, 4, 7, 8]), rule: escRule({ window: 2 }), answers: exactAnswers, concurrency: 2 });
    expect(r.latency).toBe(10);
    expect(r.tokens).toBe(4 + 10 + 6);
    expect(r.started).toBe(3);
    expect(r.answer).toBe('a');
    expect(r.samples.map((s) => [s.index, s.status, s.tokens])).toEqual([[1, 'ok', 4], [0, 'ok', 10], [2, 'aborted', 6]]);
  });

  it('is sequential at concurrency 1, with latency equal to tokens', () => {
    const r = simulateStopping({ pool: pool([5, 7, 9]), rule: fixedRule({ n: 2 }), answers: exactAnswers, concurrency: 1 });
    expect(r).toMatchObject({ latency: 12, tokens: 12, started: 2 });
  });

  it('counts partial tokens of generations cancelled by a length cap, which never vote', () => {
    const capAt5: StopRule = { name: 'cap', begin: () => ({ check: () => keepGoing, lengthCap: () => 5 }) };
    const r = simulateStopping({ pool: [recorded('b', 20), ...pool([3, 4])], rule: capAt5, answers: exactAnswers, concurrency: 3 });
    expect(r.tokens).toBe(5 + 3 + 4);
    expect(r.latency).toBe(5);
    expect(r.answer).toBe('a');
    expect(r.samples.find((s) => s.index === 0)).toMatchObject({ status: 'aborted', tokens: 5, answer: null, usage: { completionTokens: 5 } });
  });

  it('never spends more than the token budget, cutting running generations when it runs out', () => {
    const r = simulateStopping({ pool: pool([10, 10, 10]), rule: escRule({ window: 9 }), answers: exactAnswers, concurrency: 2, maxTokens: 25 });
    expect(r.tokens).toBeCloseTo(25);
    expect(r.latency).toBeCloseTo(15); // two at once to 10 tokens each, then one alone for 5
    expect(r.reason).toMatch(/budget/);
  });

  it('refuses rules that need logprobs the recording does not have', () => {
    expect(() => simulateStopping({ pool: pool([1]), rule: deepConfRule(), answers: exactAnswers, concurrency: 1 })).toThrow(InvalidInputError);
  });
});
