/**
 * Logistic calibration on a decision's features (Platt 1999, extended from one score to several):
 * P(correct) = σ(b + Σ w_t · (x_t − mean_t) / scale_t) over terms t: each feature, and each feature
 * times `samples-used` — how much a vote share or a logprob says depends on how many samples stand
 * behind it, and one model serves every budget. Terms are standardised on the fitting
 * data, the weights get a small ridge penalty (collinear features such as confidence and margin stay
 * finite) and the targets are Platt's smoothed ones, (N₊+1)/(N₊+2) and 1/(N₋+2), so a run where every
 * confident decision was right does not yield a certainty of 1. Fitted by Newton's method.
 */
import { z } from 'zod';
import { featureNames, type FeatureName, type FeatureValues } from './features.js';

export const plattModelSchema = z.strictObject({
  method: z.literal('platt'),
  bias: z.number(),
  terms: z.array(
    z.strictObject({
      name: z.enum(featureNames),
      /** An interaction: the term is the product of the two features. */
      times: z.enum(featureNames).optional(),
      /** Standardisation: (x − mean) / scale. */
      mean: z.number(),
      scale: z.number().positive(),
      weight: z.number(),
    }),
  ),
});

export type PlattModel = z.infer<typeof plattModelSchema>;

/** Ridge penalty on the standardised weights (not on the bias). */
const RIDGE = 1;
const MAX_ITERATIONS = 100;

const sigmoid = (s: number): number => (s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s)));

type Term = Pick<PlattModel['terms'][number], 'name' | 'times'>;

const INTERACTING: FeatureName = 'samples-used';

/** Each feature, and each other feature times samples-used when that is among them. */
export function plattTerms(features: readonly FeatureName[]): Term[] {
  const interactions = features.includes(INTERACTING) ? features.filter((f) => f !== INTERACTING).map((name) => ({ name, times: INTERACTING })) : [];
  return [...features.map((name) => ({ name })), ...interactions];
}

function termValue(term: Term, features: FeatureValues): number {
  const x = features[term.name];
  const y = term.times === undefined ? 1 : features[term.times];
  if (x === undefined || y === undefined) throw new Error(`feature ${x === undefined ? term.name : String(term.times)} missing`);
  return x * y;
}

/** `features` must be present on every row (see selectFeatures). */
export function fitPlatt(rows: readonly { features: FeatureValues; correct: boolean }[], features: readonly FeatureName[]): PlattModel {
  if (rows.length === 0) throw new Error('Platt scaling needs at least one decision');
  const terms = plattTerms(features);
  const d = terms.length;
  const stats = terms.map((term) => {
    const values = rows.map((r) => termValue(term, r.features));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    return { ...term, mean, scale: sd > 0 ? sd : 1 };
  });
  // Design matrix with a leading 1 for the bias.
  const X = rows.map((r) => [1, ...stats.map((s) => (termValue(s, r.features) - s.mean) / s.scale)]);
  const positives = rows.filter((r) => r.correct).length;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (rows.length - positives + 2);
  const t = rows.map((r) => (r.correct ? high : low));
  let w = Array.from({ length: d + 1 }, () => 0);
  let loss = penalisedLoss(X, t, w);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const gradient = Array.from({ length: d + 1 }, (_, j) => (j === 0 ? 0 : RIDGE * (w[j] as number)));
    const hessian = Array.from({ length: d + 1 }, (_row, j) => Array.from({ length: d + 1 }, (_column, k) => (j === k && j > 0 ? RIDGE : 0)));
    for (const [i, x] of X.entries()) {
      const p = sigmoid(dot(x, w));
      const residual = p - (t[i] as number);
      const curvature = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j <= d; j++) {
        gradient[j]! += residual * (x[j] as number);
        for (let k = 0; k <= d; k++) hessian[j]![k]! += curvature * (x[j] as number) * (x[k] as number);
      }
    }
    const step = solveLinear(hessian, gradient);
    // Newton with step halving: the penalised loss is convex, so a shorter step always helps eventually.
    let scale = 1;
    let next = w;
    let nextLoss = loss;
    for (let halving = 0; halving < 30; halving++) {
      next = w.map((v, j) => v - scale * (step[j] as number));
      nextLoss = penalisedLoss(X, t, next);
      if (nextLoss <= loss) break;
      scale /= 2;
    }
    const moved = Math.max(...next.map((v, j) => Math.abs(v - (w[j] as number))));
    w = next;
    loss = nextLoss;
    if (moved < 1e-9) break;
  }
  return { method: 'platt', bias: w[0] as number, terms: stats.map((s, j) => ({ ...s, weight: w[j + 1] as number })) };
}

export function predictPlatt(model: PlattModel, features: FeatureValues): number {
  let score = model.bias;
  for (const term of model.terms) score += (term.weight * (termValue(term, features) - term.mean)) / term.scale;
  return sigmoid(score);
}

const dot = (x: readonly number[], w: readonly number[]): number => x.reduce((sum, v, j) => sum + v * (w[j] as number), 0);

function penalisedLoss(X: readonly number[][], t: readonly number[], w: readonly number[]): number {
  let loss = 0;
  for (const [i, x] of X.entries()) {
    const s = dot(x, w);
    // Cross-entropy −[t log σ(s) + (1−t) log(1−σ(s))], written to stay finite for large |s|.
    loss += Math.max(s, 0) - s * (t[i] as number) + Math.log1p(Math.exp(-Math.abs(s)));
  }
  for (let j = 1; j < w.length; j++) loss += (RIDGE / 2) * (w[j] as number) ** 2;
  return loss;
}

/** Gaussian elimination with partial pivoting for the small (features + 1)² Newton system. */
function solveLinear(matrix: readonly number[][], rhs: readonly number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-300) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r]![col]! / p;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  return a.map((row, i) => (Math.abs(row[i]!) < 1e-300 ? 0 : row[n]! / row[i]!));
}
