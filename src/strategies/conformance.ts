/**
 * The contract every Strategy keeps, as a vitest suite. A strategy's test calls
 * `runStrategyConformance({ name, create })`; model-calling strategies also pass a backend.
 *
 * Checked: the same seed gives the same decision; abstaining and failed samples never vote; empty
 * or all-failed input gives an abstaining decision rather than an exception; usage is the samples'
 * usage plus exactly what the strategy's own calls used; confidence is in [0, 1]; the abstention
 * threshold is applied.
 */
import { describe, expect, it } from 'vitest';
import type { AnswerKind } from '../answers/answer-kind.js';
import { exactAnswers } from '../answers/exact.js';
import type { Backend } from '../backends/backend.js';
import type { Decision, GeneratedToken, Sample, Usage } from '../core/types.js';
import { checksUsage } from '../signals/verifier-score.js';
import { addUsage, emptyUsage } from '../core/usage.js';
import type { Strategy, StrategyContext } from './strategy.js';

export interface StrategyConformanceOptions {
  name: string;
  /** A fresh strategy; `abstainBelow` is passed through to its options. */
  create: (options?: { abstainBelow?: number }) => Strategy;
  /** For strategies that call the model: a backend to call (any reply must be handled). */
  backend?: () => Backend;
}

const ln = Math.log;

/** Exact comparison; text (a model-calling strategy's reply) is read up to "The answer is X". */
const readAnswers: AnswerKind = { ...exactAnswers, extract: (text) => /The answer is (\w+)/.exec(text)?.[1] ?? null };

/** Tokens carrying everything any signal may need: logprob, top-k, exact entropy and self-certainty. */
function tokens(p: number, count: number): GeneratedToken[] {
  return Array.from({ length: count }, () => ({
    text: 't',
    logprob: ln(p),
    top: [{ token: 't', logprob: ln(p) }, { token: 'u', logprob: ln((1 - p) / 2) }, { token: 'v', logprob: ln((1 - p) / 4) }],
    entropy: -(p * ln(p) + (1 - p) * ln((1 - p) / 3)),
    selfCertainty: 1 + 4 * p,
  }));
}

/** Eleven samples: answers a (4), b (3), c (1), one abstention, one failure, one cancelled; each checked by three verifiers. */
export function conformanceSamples(): Sample[] {
  const answers: (string | null)[] = ['a', 'b', 'a', 'c', null, 'b', 'a', 'b', 'a', 'x', 'y'];
  const status: Sample['status'][] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'error', 'aborted'];
  return answers.map((answer, index) => {
    const p = 0.5 + 0.04 * index;
    return {
      index,
      text: `reasoning ${index}. The answer is ${answer ?? '?'}`,
      answer,
      tokens: 4 + index,
      logprobs: tokens(p, 4 + index),
      finishReason: status[index] === 'ok' ? 'stop' : status[index] === 'error' ? 'error' : 'aborted',
      status: status[index] as Sample['status'],
      usage: { promptTokens: 7, completionTokens: 4 + index, calls: 1 },
      score: ((index * 7) % 11) / 11,
      source: index % 2 === 0 ? 'model-1' : 'model-2',
      // Every verifier's check, each with its own cost, so verification-based strategies are tested too.
      checks: (['p-true', 'backward', 'rederive'] as const).map((verifier, k) => {
        const score = ((index * (3 + k)) % 5) / 4;
        return { verifier, sample: index, status: 'judged' as const, score, passed: score >= 0.5, usage: { promptTokens: 3, completionTokens: 2 + k, calls: 1 + k } };
      }),
    };
  });
}

/** Wraps a backend to add up the usage of every sample it yields. */
function countingBackend(inner: Backend): { backend: Backend; used: () => Usage } {
  let total = emptyUsage();
  const backend: Backend = {
    id: inner.id,
    capabilities: inner.capabilities,
    async *generate(request) {
      for await (const sample of inner.generate(request)) {
        total = addUsage(total, sample.usage);
        yield sample;
      }
    },
  };
  return { backend, used: () => total };
}

const usable = (samples: Sample[]): Sample[] => samples.filter((s) => s.status === 'ok' && s.answer !== null);

export function runStrategyConformance(options: StrategyConformanceOptions): void {
  const decide = async (samples: Sample[], strategy = options.create(), seed = 11): Promise<{ decision: Decision; extra: Usage }> => {
    const context: StrategyContext = { answerKind: readAnswers, seed, prompt: 'Q: what is the answer?\nA:' };
    const counted = options.backend ? countingBackend(options.backend()) : undefined;
    if (counted) context.backend = counted.backend;
    const decision = await strategy.aggregate(samples, context);
    return { decision, extra: counted?.used() ?? emptyUsage() };
  };

  describe(`strategy conformance: ${options.name}`, () => {
    it('is deterministic for a seed', async () => {
      const first = await decide(conformanceSamples());
      const second = await decide(conformanceSamples());
      expect(second.decision).toEqual(first.decision);
    });

    it('decides from usable samples only: abstentions and failures never vote', async () => {
      const samples = conformanceSamples();
      const { decision } = await decide(samples);
      const voters = decision.votes.flatMap((v) => v.samples).toSorted((a, b) => a - b);
      expect(voters).toEqual(usable(samples).map((s) => s.index));
      expect(decision.votes.reduce((sum, v) => sum + v.count, 0)).toBe(usable(samples).length);
      expect(decision.sampleCounts).toEqual({ usable: usable(samples).length, total: samples.length });
      expect(['a', 'b', 'c']).toContain(decision.answer);
      if (decision.chosen !== undefined) expect(voters).toContain(decision.chosen);
    });

    it('abstains on empty and all-failed input instead of throwing', async () => {
      const failed = conformanceSamples().map((s) => ({ ...s, status: 'error' as const }));
      for (const samples of [[], failed]) {
        const { decision } = await decide(samples);
        expect(decision).toMatchObject({ answer: null, abstained: true, confidence: 0 });
        expect(decision.votes).toEqual([]);
      }
    });

    it('gives no votes when every sample abstains (only a strategy that writes a new answer may still answer)', async () => {
      const { decision } = await decide(conformanceSamples().map((s) => ({ ...s, answer: null })));
      expect(decision.votes).toEqual([]);
      expect(decision.sampleCounts.usable).toBe(0);
      if (decision.answer !== null) expect(decision.confidence).toBe(0);
    });

    it('adds up usage: every sample, exactly the strategy’s own calls, and the checks of the one verifier it read (if any)', async () => {
      const samples = conformanceSamples();
      const { decision, extra } = await decide(samples);
      const base = addUsage(...samples.map((s) => s.usage), extra);
      const verifiers = [...new Set(samples.flatMap((s) => (s.checks ?? []).map((c) => c.verifier)))];
      const allowed = [base, ...verifiers.map((v) => addUsage(base, checksUsage(samples, v)))];
      expect(allowed).toContainEqual(decision.usage);
      if (!options.create().callsModel) expect(extra).toEqual(emptyUsage());
    });

    it('gives a confidence in [0, 1] and applies the abstention threshold', async () => {
      const { decision } = await decide(conformanceSamples());
      expect(decision.confidence).toBeGreaterThanOrEqual(0);
      expect(decision.confidence).toBeLessThanOrEqual(1);
      expect(decision.abstained).toBe(false);
      const strict = (await decide(conformanceSamples(), options.create({ abstainBelow: 1 }))).decision;
      expect(strict.abstained).toBe(strict.confidence < 1);
      expect(strict.answer).toBe(decision.answer);
    });
  });
}
