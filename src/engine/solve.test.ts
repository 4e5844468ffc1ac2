import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { BackendError, InvalidInputError } from '../core/errors.js';
import { betaRule } from '../stopping/beta.js';
import { deepConfRule } from '../stopping/deepconf-online.js';
import { escRule } from '../stopping/esc.js';
import { keepGoing, type StopRule } from '../stopping/stop-rule.js';
import { majority } from '../strategies/majority.js';
import { scriptedBackend, type ScriptedSample } from './__fixtures__/scripted-backend.js';
import type { SolveEvent } from './events.js';
import { solve, type SolveOptions } from './solve.js';

const steps = (answers: string, tokens: number[]): ScriptedSample[] =>
  [...answers].map((answer, i) => ({ answer, tokens: tokens[i % tokens.length] as number }));

let clock = 0;
const base = (backend: SolveOptions['backend'], extra: Partial<SolveOptions> = {}): SolveOptions => ({
  backend,
  prompt: 'Q: 1+1\nA:',
  answerKind: exactAnswers,
  strategy: majority(),
  maxSamples: 40,
  seed: 7,
  now: () => clock++,
  ...extra,
});

describe('solve', () => {
  it('draws one at a time at concurrency 1 and stops when the rule fires', async () => {
    const backend = scriptedBackend(steps('7777777', [5]));
    const result = await solve(base(backend, { stopRule: betaRule(), concurrency: 1 }));
    expect(result.answer).toBe('7');
    expect(result.samples).toHaveLength(4);
    expect(result.stop).toMatchObject({ rule: 'beta(0.95)', reason: expect.stringMatching(/P\(7 leads\)/) });
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 20, calls: 4 });
    expect(new Set(backend.requests.map((r) => r.seed)).size).toBe(4); // each sample its own seed
    expect(backend.requests.every((r) => r.n === 1)).toBe(true);
  });

  it('aborts generations in flight when the rule fires and counts their partial tokens', async () => {
    // Four in flight: the three short ones agree; each frees a slot for a long one, and the long ones
    // still running when the rule fires are cut short.
    const backend = scriptedBackend([...steps('777', [3]), ...steps('55555', [50])]);
    const events: SolveEvent[] = [];
    const result = await solve(base(backend, { stopRule: escRule({ window: 3 }), concurrency: 4, onEvent: (e) => events.push(e) }));
    expect(backend.requests).toHaveLength(6);
    const aborted = result.samples.filter((s) => s.status === 'aborted');
    expect(aborted).toHaveLength(3);
    const partial = aborted.reduce((sum, s) => sum + s.tokens, 0);
    expect(aborted.every((s) => s.tokens < 50)).toBe(true);
    expect(partial).toBeGreaterThan(0);
    expect(result.usage.completionTokens).toBe(9 + partial);
    expect(result.sampleCounts).toEqual({ usable: 3, total: 6 });
    // Events: per sample 'sample' then 'votes' when usable; one 'stop'; 'decision' last.
    const types = events.map((e) => e.type);
    expect(types).toEqual(['sample', 'votes', 'sample', 'votes', 'sample', 'votes', 'stop', 'sample', 'sample', 'sample', 'decision']);
    expect(events.at(-1)).toMatchObject({ type: 'decision', decision: { answer: '7', stop: { rule: 'esc(3)' } } });
  });

  it('never draws more than maxSamples, and records a budget stop without a rule', async () => {
    const backend = scriptedBackend(steps('12121212', [2]));
    const result = await solve(base(backend, { maxSamples: 5, concurrency: 3 }));
    expect(backend.requests).toHaveLength(5);
    expect(result.stop).toEqual({ rule: 'none', reason: 'budget: 5 samples' });
    expect(result.answer).toBe('1');
  });

  it('keeps total tokens within maxTokens, even for a backend that cannot be cancelled', async () => {
    for (const streaming of [true, false]) {
      const backend = scriptedBackend(steps('abcdefgh', [10]), streaming);
      const result = await solve(base(backend, { maxTotalTokens: 25, concurrency: 2 }));
      expect(result.usage.completionTokens).toBeLessThanOrEqual(25);
      expect(result.stop?.reason).toBe('budget: 25 tokens');
    }
  });

  it('cancels a running generation past the rule length cap; it never votes', async () => {
    const capped: StopRule = { name: 'cap', begin: () => ({ check: () => keepGoing, lengthCap: (s) => (s.samples.length > 0 ? 6 : undefined) }) };
    const backend = scriptedBackend([{ answer: 'a', tokens: 3 }, { answer: 'b', tokens: 40 }, { answer: 'a', tokens: 3 }]);
    const result = await solve(base(backend, { stopRule: capped, concurrency: 2, maxSamples: 3 }));
    const long = result.samples.find((s) => s.index === 1);
    expect(long).toMatchObject({ status: 'aborted', tokens: 7 });
    expect(result.votes.map((v) => v.answer)).toEqual(['a']);
  });

  it('lets DeepConf online cancel a low-confidence trace mid-generation, and asks for top logprobs', async () => {
    const warm = [...'aba'].map((answer) => ({ answer, tokens: 4, logprob: -5 }));
    const backend = scriptedBackend([...warm, { answer: 'b', tokens: 30, logprob: -0.1 }, { answer: 'a', tokens: 4, logprob: -5 }]);
    const rule = deepConfRule({ warmup: 3, window: 2, consensus: 0.99 });
    const result = await solve(base(backend, { stopRule: rule, concurrency: 1, maxSamples: 5 }));
    expect(backend.requests[0]).toMatchObject({ logprobs: true, topLogprobs: 20 });
    expect(result.samples[3]).toMatchObject({ status: 'aborted', tokens: 2 });
    expect(result.answer).toBe('a');
    await expect(solve(base(scriptedBackend(warm, false), { stopRule: rule }))).rejects.toThrow(InvalidInputError);
  });

  it('rejects when a whole request fails, after stopping the others', async () => {
    const backend = scriptedBackend([{ answer: 'a', tokens: 30 }, { answer: 'a', tokens: 1, throws: new BackendError('model unreachable') }]);
    await expect(solve(base(backend, { concurrency: 2 }))).rejects.toThrow('model unreachable');
  });

  it('decides on what it has when the caller aborts', async () => {
    const controller = new AbortController();
    const backend = scriptedBackend(steps('aaaa', [3, 100]));
    const result = await solve(
      base(backend, { concurrency: 2, signal: controller.signal, onEvent: (e) => e.type === 'sample' && controller.abort() }),
    );
    expect(result.stop?.rule).toBe('caller');
    expect(result.answer).toBe('a');
    expect(result.samples).toHaveLength(2);
  });

  it('rejects bad options with a clear message', async () => {
    const backend = scriptedBackend([]);
    await expect(solve(base(backend, { maxSamples: 0 }))).rejects.toThrow(/maxSamples must be a positive integer/);
    await expect(solve(base(backend, { concurrency: 1.5 }))).rejects.toThrow(/concurrency/);
  });
});
