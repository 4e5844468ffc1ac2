import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { fitCalibrator, predictCalibrated, selectFeatures } from './calibrator.js';
import { fitHistogram, predictHistogram } from './histogram.js';
import { fitIsotonic, predictIsotonic } from './isotonic.js';
import { fitPlatt, predictPlatt } from './platt.js';

const truth = (x: number): number => 1 / (1 + Math.exp(-(2 * x - 1)));
const points = (pairs: [number, boolean][]) => pairs.map(([x, correct]) => ({ x, correct }));

describe('isotonic regression', () => {
  it('pools adjacent violators into a non-decreasing step map and interpolates between blocks', () => {
    // 0.1 → 1 and 0.2 → 0 violate the order and pool to 0.5; 0.3 and 0.4 stay apart.
    const model = fitIsotonic(points([[0.1, true], [0.2, false], [0.3, false], [0.3, true], [0.4, true]]));
    expect(model.x).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(model.y).toEqual([0.5, 0.5, 0.5, 1]);
    expect(predictIsotonic(model, 0)).toBe(0.5);
    expect(predictIsotonic(model, 0.35)).toBeCloseTo(0.75, 12);
    expect(predictIsotonic(model, 0.9)).toBe(1);
  });

  it('keeps tied confidences in one block', () => {
    const model = fitIsotonic(points([[0.5, true], [0.5, false], [0.5, false], [1, true]]));
    expect(predictIsotonic(model, 0.5)).toBeCloseTo(1 / 3, 12);
  });
});

describe('histogram binning', () => {
  it('bins by equal mass without splitting ties, and maps each bin to its accuracy', () => {
    const data = points([[0.25, false], [0.25, false], [0.25, true], [0.5, true], [0.75, true], [1, true], [1, false], [1, true]]);
    const model = fitHistogram(data, 4);
    expect(model.edges.at(-1)).toBe(1);
    expect(model.counts.reduce((a, b) => a + b, 0)).toBe(data.length);
    // Edges at the 2nd, 4th and 6th smallest: 0.25, 0.5, 1 — the three ties at 0.25 share a bin.
    expect(model.edges).toEqual([0.25, 0.5, 1]);
    expect(predictHistogram(model, 0.25)).toBeCloseTo(1 / 3, 12);
    expect(predictHistogram(model, 0.4)).toBe(1);
    expect(predictHistogram(model, 1)).toBeCloseTo(3 / 4, 12);
    for (let i = 1; i < model.edges.length; i++) expect(model.edges[i]).toBeGreaterThan(model.edges[i - 1] as number);
  });
});

describe('Platt scaling on features', () => {
  it('recovers a logistic relation from 4000 seeded draws', () => {
    const rng = createRng(7);
    const rows = Array.from({ length: 4000 }, () => {
      const x = 3 * rng.next() - 1;
      return { features: { confidence: x }, correct: rng.next() < truth(x) };
    });
    const model = fitPlatt(rows, ['confidence']);
    for (const x of [-1, 0, 0.5, 1, 2]) expect(Math.abs(predictPlatt(model, { confidence: x }) - truth(x))).toBeLessThan(0.04);
  });

  it('stays finite on collinear features and perfectly separated labels (ridge and smoothed targets)', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ features: { confidence: i, margin: 2 * i }, correct: i >= 20 }));
    const model = fitPlatt(rows, ['confidence', 'margin']);
    for (const t of model.terms) expect(Number.isFinite(t.weight)).toBe(true);
    expect(predictPlatt(model, { confidence: 39, margin: 78 })).toBeLessThan(1);
    expect(predictPlatt(model, { confidence: 39, margin: 78 })).toBeGreaterThan(0.9);
    expect(predictPlatt(model, { confidence: 0, margin: 0 })).toBeLessThan(0.1);
  });

  it('adds interactions with samples-used, so one model can serve every budget', () => {
    const rows = [1, 2, 3, 4].flatMap((n) => Array.from({ length: 10 }, (_, i) => ({ features: { confidence: i / 10, 'samples-used': n }, correct: i % 2 === 0 })));
    const model = fitPlatt(rows, ['confidence', 'samples-used']);
    expect(model.terms.map((t) => [t.name, t.times])).toEqual([['confidence', undefined], ['samples-used', undefined], ['confidence', 'samples-used']]);
  });
});

describe('feature selection', () => {
  const rows = [
    { confidence: 0.5, features: { confidence: 1, margin: 0.2, 'usable-share': 1, 'mean-logprob': -0.1 } },
    { confidence: 0.9, features: { confidence: 2, margin: 0.8, 'usable-share': 1 } },
  ];
  it('leaves out features missing on some decisions or the same on all, and says why', () => {
    const choice = selectFeatures(rows);
    expect(choice.features).toEqual(['confidence', 'margin']);
    expect(choice.dropped).toContainEqual({ feature: 'mean-logprob', reason: 'missing on 1 of 2 decisions' });
    expect(choice.dropped).toContainEqual({ feature: 'usable-share', reason: 'the same (1) on every decision' });
  });

  it('refuses a requested feature that cannot be used', () => {
    expect(() => selectFeatures(rows, ['mean-logprob'])).toThrow(/mean-logprob cannot be used: missing on 1 of 2/);
    expect(() => fitCalibrator(rows.map((r) => ({ ...r, correct: true })), { method: 'isotonic', features: ['margin'] })).toThrow(InvalidInputError);
  });

  it('platt-isotonic keeps Platt ranking and maps through an isotonic step', () => {
    const rng = createRng(1);
    const data = Array.from({ length: 500 }, () => {
      const c = rng.next();
      return { confidence: c, features: { confidence: c, margin: rng.next() }, correct: rng.next() < c * c };
    });
    const { model } = fitCalibrator(data, { method: 'platt-isotonic' });
    const low = predictCalibrated(model, { confidence: 0.1, features: { confidence: 0.1, margin: 0.5 } });
    const high = predictCalibrated(model, { confidence: 0.9, features: { confidence: 0.9, margin: 0.5 } });
    expect(high).toBeGreaterThan(low);
    expect(model.method).toBe('platt-isotonic');
  });
});
