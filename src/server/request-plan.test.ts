import { describe, expect, it } from 'vitest';
import { ServeError } from './errors.js';
import { parseModelName } from './model-prefix.js';
import { planRequest, type PlanDefaults, type PlanLimits, type QuorumPlan } from './request-plan.js';

const defaults: PlanDefaults = { strategy: 'majority', stop: 'auto', samples: 16, answer: 'math', abstainBelow: undefined, concurrency: undefined, passthrough: false, progress: 'comments' };
const limits: PlanLimits = { maxSamples: 32, maxTotalTokens: 10_000, maxConcurrency: 8 };
const quorumPlan = (model: string, quorum?: Parameters<typeof planRequest>[1], d: PlanDefaults = defaults): QuorumPlan => {
  const plan = planRequest(model, quorum, d, limits);
  if (plan.mode !== 'quorum') throw new Error('expected quorum mode');
  return plan;
};
const rejection = (run: () => unknown): ServeError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ServeError) return error;
    throw error;
  }
  throw new Error('expected a ServeError');
};

describe('model-name prefix', () => {
  it('reads a stop rule, a sample count and an upstream model that contains slashes', () => {
    expect(parseModelName('quorum/auto@16/meta-llama/Llama-3.1-8B')).toEqual({ model: 'meta-llama/Llama-3.1-8B', passthrough: false, stop: 'auto', samples: 16 });
  });
  it('reads strategy+stop with options, none, a bare count, and no model', () => {
    expect(parseModelName('quorum/weighted:weight=normalized-probability+beta:threshold=0.9@8/m')).toEqual({ model: 'm', passthrough: false, strategy: 'weighted:weight=normalized-probability', stop: 'beta:threshold=0.9', samples: 8 });
    expect(parseModelName('quorum/none/gpt-4o')).toEqual({ model: 'gpt-4o', passthrough: true });
    expect(parseModelName('quorum/@4/m')).toEqual({ model: 'm', passthrough: false, samples: 4 });
    expect(parseModelName('quorum/deepconf')).toEqual({ model: '', passthrough: false, strategy: 'deepconf' });
    expect(parseModelName('gpt-4o')).toBeUndefined();
    expect(parseModelName('quorumish/auto/m')).toBeUndefined();
  });
  it('rejects a name that is neither a strategy nor a stop rule, naming both lists', () => {
    const error = rejection(() => parseModelName('quorum/majorty@8/m'));
    expect(error.status).toBe(400);
    expect(error.param).toBe('model');
    expect(error.message).toMatch(/"majorty" is neither a strategy \(majority, .*\) nor a stop rule \(fixed, .*auto\)/);
  });
});

describe('request plan', () => {
  it('takes the body over the prefix over the server defaults', () => {
    const fromDefaults = quorumPlan('m');
    expect([fromDefaults.strategy.name, fromDefaults.stopRule?.name.startsWith('auto'), fromDefaults.samples, fromDefaults.concurrency]).toEqual(['majority', true, 16, 4]);
    const fromPrefix = quorumPlan('quorum/borda:signal=mean-logprob+esc@8/m');
    expect([fromPrefix.model, fromPrefix.strategy.name, fromPrefix.stopRule?.name, fromPrefix.samples]).toEqual(['m', 'borda:signal=mean-logprob', fromPrefix.stopRule?.name, 8]);
    expect(fromPrefix.stopRule?.name).toMatch(/^esc/);
    const fromBody = quorumPlan('quorum/borda+esc@8/m', { strategy: 'weighted', stop: 'none', n: 3, concurrency: 2, answer: 'exact', progress: 'chunks' });
    expect([fromBody.strategy.name, fromBody.stopRule, fromBody.samples, fromBody.concurrency, fromBody.answerKind.name, fromBody.progress]).toEqual(['weighted', undefined, 3, 2, 'exact', 'chunks']);
  });
  it('gives every request its own stop rule and strategy objects', () => {
    expect(quorumPlan('m').stopRule).not.toBe(quorumPlan('m').stopRule);
  });
  it('applies abstain_below through the strategy', () => {
    expect(quorumPlan('m', { abstain_below: 0.6 }).strategy.name).toBe('majority:abstainBelow=0.6');
    expect(quorumPlan('m', { strategy: 'weighted:weight=normalized-probability', abstain_below: 0.5 }).strategy.name).toBe('weighted:weight=normalized-probability,abstainBelow=0.5');
  });
  it('passes through for strategy none, the none prefix, or an unprefixed model with --passthrough', () => {
    expect(planRequest('m', { strategy: 'none' }, defaults, limits)).toEqual({ mode: 'passthrough', model: 'm' });
    expect(planRequest('quorum/none/m', undefined, defaults, limits)).toEqual({ mode: 'passthrough', model: 'm' });
    expect(planRequest('m', undefined, { ...defaults, passthrough: true }, limits)).toEqual({ mode: 'passthrough', model: 'm' });
    expect(planRequest('m', { n: 4 }, { ...defaults, passthrough: true }, limits).mode).toBe('quorum');
    expect(planRequest('quorum/auto/m', undefined, { ...defaults, passthrough: true }, limits).mode).toBe('quorum');
  });
  it('rejects requests over the caps and bad specs with a 400 naming the field', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => planRequest('m', { n: 33 }, defaults, limits), 'quorum.n', /at most 32 samples per request on this server, got 33/],
      [() => planRequest('quorum/auto@64/m', undefined, defaults, limits), 'model', /at most 32 samples/],
      [() => planRequest('m', { max_tokens_total: 20_000 }, defaults, limits), 'quorum.max_tokens_total', /at most 10000 tokens/],
      [() => planRequest('m', { concurrency: 9 }, defaults, limits), 'quorum.concurrency', /at most 8 generations/],
      [() => planRequest('m', { strategy: 'majority:foo=1' }, defaults, limits), 'quorum.strategy', /majority has no option "foo"/],
      [() => planRequest('m', { stop: 'beta:threshhold=0.9' }, defaults, limits), 'quorum.stop', /beta has no option "threshhold"/],
      [() => planRequest('m', { answer: 'mathh' }, defaults, limits), 'quorum.answer', /unknown answer kind "mathh"/],
    ];
    for (const [run, param, message] of cases) {
      const error = rejection(run);
      expect([error.status, error.param]).toEqual([400, param]);
      expect(error.message).toMatch(message);
    }
  });
});
