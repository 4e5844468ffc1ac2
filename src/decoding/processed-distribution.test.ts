import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { endsContinuation, perplexity, trialCount } from './cntp.js';
import { CNTP_DEFAULTS } from './decode-spec.js';
import { drawPosition, processDistribution, processedEntropy, type ProcessedDistribution } from './processed-distribution.js';
import { parseSamplerSpec, type SamplerSpec } from './sampler-spec.js';

/** Logits sorted highest first, as llama.cpp hands them over. */
const sorted = (values: number[]): Float64Array => Float64Array.from(values.toSorted((a, b) => b - a));
const fromProbs = (probs: number[]): Float64Array => sorted(probs.map(Math.log));

/** Random peaked-to-flat distributions over 50–300 tokens. */
function randomLogits(seed: number): Float64Array {
  const rng = createRng(seed);
  const size = 50 + rng.int(250);
  const spread = 0.5 + 6 * rng.next();
  return sorted(Array.from({ length: size }, () => spread * Math.log(rng.next() + 1e-12)));
}

const run = (logits: Float64Array, text: string): ProcessedDistribution => {
  const spec = parseSamplerSpec(text);
  return processDistribution(logits, spec, spec.temperature ?? 1);
};

const softmax = (logits: Float64Array, temperature: number): number[] => {
  const top = logits[0] as number;
  const weights = [...logits].map((z) => Math.exp((z - top) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
};

const expectSame = (a: ProcessedDistribution, b: ProcessedDistribution): void => {
  expect(a.size).toBe(b.size);
  a.probs.forEach((p, i) => expect(p).toBeCloseTo(b.probs[i] as number, 12));
};

describe('processed distribution: the filters', () => {
  it('min-p and Top-H always keep the most likely token, at any temperature and in either order', () => {
    for (let seed = 0; seed < 200; seed++) {
      const logits = randomLogits(seed);
      for (const filter of ['min-p=0.99', 'min-p=0.3', 'top-h=0.01', 'top-h=0.4', 'top-h=1,top-h-n=3']) {
        for (const order of ['truncate-first', 'temperature-first']) {
          const dist = run(logits, `temperature=${0.3 + (seed % 5)},${filter},order=${order}`);
          // Position 0 is the most likely token: kept, with the largest probability.
          expect(dist.size).toBeGreaterThanOrEqual(1);
          expect(dist.probs[0]).toBeGreaterThan(0);
          expect(Math.max(...dist.probs)).toBe(dist.probs[0]);
        }
      }
    }
  });

  it('Top-H with alpha = 1 keeps at most top_n tokens', () => {
    for (let seed = 0; seed < 200; seed++) {
      const logits = randomLogits(seed);
      for (const topN of [1, 5, 20, 100]) {
        const dist = run(logits, `temperature=2,top-h=1,top-h-n=${topN},order=temperature-first`);
        expect(dist.size).toBeLessThanOrEqual(Math.min(topN, logits.length));
      }
    }
  });

  it('Top-H keeps tokens while their partial entropy (bits) stays within alpha × the entropy of the top n', () => {
    const probs = [0.5, 0.2, 0.15, 0.1, 0.05];
    const entropy = -probs.reduce((s, p) => s + p * Math.log2(p), 0);
    const partial = (k: number): number => -probs.slice(0, k).reduce((s, p) => s + p * Math.log2(p), 0);
    for (const alpha of [0.2, 0.4, 0.6, 0.8, 1]) {
      const kept = run(fromProbs(probs), `top-h=${alpha},top-h-n=5`).size;
      expect(kept === 5 || partial(kept + 1) > alpha * entropy).toBe(true);
      if (kept > 1) expect(partial(kept)).toBeLessThanOrEqual(alpha * entropy);
    }
  });

  it("min-p's threshold scales with the top probability", () => {
    // The same 0.08 token: kept when the top token has 0.4 (threshold 0.04), dropped when it has 0.9 (0.09).
    const flat = run(fromProbs([0.4, 0.3, 0.22, 0.08]), 'min-p=0.1');
    const peaked = run(fromProbs([0.9, 0.02, 0.08]), 'min-p=0.1');
    expect(flat.size).toBe(4);
    expect(peaked.size).toBe(1);
    for (let seed = 0; seed < 100; seed++) {
      const logits = randomLogits(seed);
      const p = softmax(logits, 1);
      const kept = run(logits, 'min-p=0.2').size;
      expect(p.filter((q) => q >= 0.2 * (p[0] as number)).length).toBe(kept);
    }
  });

  it('top-p keeps the smallest most-likely set whose mass reaches p, and top-k the k most likely', () => {
    expect(run(fromProbs([0.5, 0.3, 0.15, 0.05]), 'top-p=0.79').size).toBe(2);
    expect(run(fromProbs([0.5, 0.3, 0.15, 0.05]), 'top-p=0.81').size).toBe(3);
    expect(run(fromProbs([0.5, 0.3, 0.15, 0.05]), 'top-k=3').size).toBe(3);
    const kept = run(fromProbs([0.5, 0.3, 0.15, 0.05]), 'top-p=0.79');
    expect([...kept.probs]).toEqual([0.5 / 0.8, 0.3 / 0.8].map((x) => expect.closeTo(x, 12)));
  });
});

describe('processed distribution: the order of temperature and truncation', () => {
  const logits = fromProbs([0.6, 0.2, 0.1, 0.05, 0.03, 0.02]);

  it('differs where the filters read probabilities that the temperature changed', () => {
    // At T > 1 the tempered distribution is flatter, so a probability filter keeps more of it; at T < 1, less.
    const pairs: [string, number, number][] = [
      ['temperature=2,top-p=0.87', 3, 5],
      ['temperature=2,min-p=0.3', 2, 3],
      ['temperature=0.5,top-p=0.75', 2, 1],
      ['temperature=3,top-h=0.5', 1, 2],
    ];
    for (const [text, truncateFirst, temperatureFirst] of pairs) {
      const a = run(logits, `${text},order=truncate-first`);
      const b = run(logits, `${text},order=temperature-first`);
      expect([a.size, b.size]).toEqual([truncateFirst, temperatureFirst]);
    }
    // Same kept set, different shape: truncate-first tempers only what top-p kept.
    const tf = run(logits, 'temperature=2,top-p=0.87,order=truncate-first');
    expect([...tf.probs]).toEqual(softmax(logits.subarray(0, 3), 2).map((x) => expect.closeTo(x, 12)));
  });

  it('is the same where it must be: T = 1, T = 0, no filter, top-k only', () => {
    const cases = ['temperature=1,top-p=0.9', 'temperature=1,min-p=0.2,top-h=0.4', 'temperature=0,top-p=0.5', 'temperature=2', 'temperature=2,top-k=3', 'temperature=0.4,top-k=2'];
    for (const text of cases) {
      for (let seed = 0; seed < 20; seed++) {
        const random = randomLogits(seed);
        expectSame(run(random, `${text},order=truncate-first`), run(random, `${text},order=temperature-first`));
      }
    }
    expect(run(logits, 'temperature=0,top-p=0.5')).toMatchObject({ size: 1 });
    expect([...run(logits, 'temperature=2').probs]).toEqual(softmax(logits, 2).map((x) => expect.closeTo(x, 12)));
  });
});

describe('drawing from a processed distribution', () => {
  it('draws by the probabilities, one uniform per draw, and replays from the seed', () => {
    const dist = run(fromProbs([0.5, 0.3, 0.2]), 'temperature=1');
    const rng = createRng(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[drawPosition(dist, rng)]! += 1;
    expect(counts.map((c) => c / 20_000)).toEqual([0.5, 0.3, 0.2].map((p) => expect.closeTo(p, 1)));
    const draws = (seed: number): number[] => {
      const r = createRng(seed);
      return Array.from({ length: 50 }, () => drawPosition(dist, r));
    };
    expect(draws(3)).toEqual(draws(3));
    expect(draws(3)).not.toEqual(draws(4));
    const greedy: SamplerSpec = { temperature: 0, order: 'truncate-first' };
    expect(drawPosition(processDistribution(fromProbs([0.2, 0.8]), greedy, 0), rng)).toBe(0);
  });

  it('measures entropy in nats', () => {
    expect(processedEntropy(run(fromProbs([0.25, 0.25, 0.25, 0.25]), 'temperature=1'))).toBeCloseTo(Math.log(4), 8);
    expect(processedEntropy(run(fromProbs([0.9, 0.1]), 'temperature=0'))).toBeCloseTo(0, 8);
  });
});

describe('CNTP rules', () => {
  const spec = { mode: 'cntp' as const, ...CNTP_DEFAULTS };

  it('tries 1 continuation when sure, N_max when unsure, linearly in between', () => {
    expect(trialCount(0, spec)).toBe(1);
    expect(trialCount(0.01, spec)).toBe(1);
    expect(trialCount(1.5, spec)).toBe(10);
    expect(trialCount(5, spec)).toBe(10);
    expect(trialCount(0.01 + 1.49 / 2, spec)).toBe(5);
  });

  it('ends a continuation at one punctuation mark, and ranks continuations by perplexity', () => {
    for (const text of ['.', ' .', ',', '\n', '?', '!', ':', ';', ')', ']', '}']) expect(endsContinuation(text)).toBe(true);
    for (const text of ['a', '5', '=', '..', '.5', ' the', '']) expect(endsContinuation(text)).toBe(false);
    expect(perplexity([Math.log(0.5), Math.log(0.5)])).toBeCloseTo(2, 12);
    expect(perplexity([Math.log(0.9)])).toBeLessThan(perplexity([Math.log(0.9), Math.log(0.5)]));
  });
});
