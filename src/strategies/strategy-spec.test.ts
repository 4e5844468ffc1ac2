import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { InvalidInputError, UnknownNameError } from '../core/errors.js';
import { sample } from './__fixtures__/samples.js';
import { answerLevelStrategiesFor, answerLevelStrategyNames } from './registry.js';
import { parseStrategySpec, splitStrategySpecs } from './strategy-spec.js';

describe('strategy specs', () => {
  it('splits a comma list where option pairs continue the strategy before them', () => {
    expect(splitStrategySpecs('majority, best-of-n:signal=score,borda:signal=mean-logprob,power=1,rpc')).toEqual([
      'majority',
      'best-of-n:signal=score',
      'borda:signal=mean-logprob,power=1',
      'rpc',
    ]);
  });

  it('builds the strategy with typed values and names it by its spec', async () => {
    const strategy = parseStrategySpec('borda:signal=score,power=0');
    expect(strategy.name).toBe('borda:signal=score,power=0');
    const d = await strategy.aggregate([sample(0, 'a', { score: 9 }), sample(1, 'b', { score: 1 }), sample(2, 'b', { score: 0 })], {
      answerKind: exactAnswers,
      seed: 0,
    });
    // power=0 parsed as the number 0: majority.
    expect(d).toMatchObject({ answer: 'b', strategy: 'borda:signal=score,power=0' });
    expect(parseStrategySpec('rpc:prune=false').name).toBe('rpc:prune=false');
    expect(parseStrategySpec('majority').name).toBe('majority');
  });

  it('keeps the sample needs of a strategy given options', () => {
    expect(parseStrategySpec('best-of-n:signal=mean-logprob').needs?.description).toBe('per-token logprobs');
    expect(parseStrategySpec('best-of-n:signal=score').needs?.description).toMatch(/external per-sample score/);
    expect(parseStrategySpec('rpc:prune=false').needs?.description).toBe('per-token logprobs');
    expect(parseStrategySpec('majority:abstainBelow=0.5').needs).toBeUndefined();
  });

  it('rejects unknown strategies, unknown options and malformed pairs with the fix', () => {
    expect(() => parseStrategySpec('mojority')).toThrow(UnknownNameError);
    expect(() => parseStrategySpec('borda:pwr=1')).toThrow(/borda has no option "pwr"; its options are signal, power, abstainBelow/);
    expect(() => parseStrategySpec('borda:power')).toThrow(InvalidInputError);
    expect(() => parseStrategySpec('best-of-n:signal=vibes')).toThrow(/unknown signal "vibes"/);
    expect(() => parseStrategySpec('majority:abstainBelow=2')).toThrow(/abstainBelow must be a number in \[0, 1\]/);
  });

  it('lists the answer-level strategies, and those the samples can support', () => {
    expect(answerLevelStrategyNames()).toEqual(['majority', 'weighted', 'best-of-n', 'borda', 'rpc', 'deepconf', 'ensemble', 'verified-vote', 'majority-of-passed', 'cisc', 'fobar']);
    expect(answerLevelStrategiesFor([sample(0, 'a')]).map((s) => s.name)).toEqual(['majority']);
    const withLogprobs = sample(0, 'a', { logprobs: [{ text: 't', logprob: -0.1 }] });
    expect(answerLevelStrategiesFor([withLogprobs]).map((s) => s.name)).toEqual(['majority', 'weighted', 'rpc']);
    // ensemble only where the samples come from more than one source (with one it is majority vote).
    const twoSources = [sample(0, 'a', { source: 'x' }), sample(1, 'a', { source: 'y' })];
    expect(answerLevelStrategiesFor(twoSources).map((s) => s.name)).toEqual(['majority', 'ensemble']);
  });
});
