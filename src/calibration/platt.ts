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
  // Design matrix, row-major, with a leading 1 per row for the bias.
  const width = d + 1;
  const X = new Float64Array(rows.length * width);
  rows.forEach((r, i) => {
    X[i * width] = 1;
    stats.forEach((term, j) => (X[i * width + j + 1] = (termValue(term, r.features) - term.mean) / term.scale));
  });
  const positives = rows.filter((r) => r.correct).length;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (rows.length - positives + 2);
  const t = Float64Array.from(rows, (r) => (r.correct ? high : low));
  let w = new Float64Array(width);
  let loss = penalisedLoss(X, t, w);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const gradient = new Float64Array(width);
    const hessian = new Float64Array(width * width);
    for (let j = 1; j < width; j++) {
      gradient[j] = RIDGE * (w[j] as number);
      hessian[j * width + j] = RIDGE;
    }
    for (let i = 0; i < rows.length; i++) {
      const at = i * width;
      const p = sigmoid(rowDot(X, at, w));
      const residual = p - (t[i] as number);
      const curvature = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j < width; j++) {
        const xj = X[at + j] as number;
        gradient[j]! += residual * xj;
        const c = curvature * xj;
        for (let k = j; k < width; k++) hessian[j * width + k]! += c * (X[at + k] as number);
      }
    }
    for (let j = 0; j < width; j++) for (let k = 0; k < j; k++) hessian[j * width + k] = hessian[k * width + j] as number;
    const step = solveLinear(hessian, gradient);
    // Newton with step halving: the penalised loss is convex, so a shorter step always helps eventually.
    let scale = 1;
    let next = w;
    let nextLoss = loss;
    for (let halving = 0; halving < 30; halving++) {
      next = w.map((v, j) => v - scale * (step[j] as number));
      nextLoss = penalisedLoss(X, t, next);
      // Near the optimum rounding can raise the loss by a hair; that is convergence, not a bad step.
      if (nextLoss <= loss * (1 + 1e-12)) break;
      scale /= 2;
    }
    let moved = 0;
    for (let j = 0; j < width; j++) moved = Math.max(moved, Math.abs((next[j] as number) - (w[j] as number)));
    w = next;
    loss = nextLoss;
    if (moved < 1e-8) break;
  }
  return { method: 'platt', bias: w[0] as number, terms: stats.map((s, j) => ({ ...s, weight: w[j + 1] as number })) };
}

export function predictPlatt(model: PlattModel, features: FeatureValues): number {
  let score = model.bias;
  for (const term of model.terms) score += (term.weight * (termValue(term, features) - term.mean)) / term.scale;
  return sigmoid(score);
}

/** x_i · w for the row of X starting at `at`. */
function rowDot(X: Float64Array, at: number, w: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < w.length; j++) sum += (X[at + j] as number) * (w[j] as number);
  return sum;
}

function penalisedLoss(X: Float64Array, t: Float64Array, w: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < t.length; i++) {
    const s = rowDot(X, i * w.length, w);
    // Cross-entropy −[t log σ(s) + (1−t) log(1−σ(s))], written to stay finite for large |s|.
    loss += Math.max(s, 0) - s * (t[i] as number) + Math.log1p(Math.exp(-Math.abs(s)));
  }
  for (let j = 1; j < w.length; j++) loss += (RIDGE / 2) * (w[j] as number) ** 2;
  return loss;
}

/** Gaussian elimination with partial pivoting for the small (terms + 1)² Newton system (row-major). */
function solveLinear(matrix: Float64Array, rhs: Float64Array): Float64Array {
  const n = rhs.length;
  const a = Array.from({ length: n }, (_, i) => [...matrix.subarray(i * n, (i + 1) * n), rhs[i] as number]);
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
  return Float64Array.from(a, (row, i) => (Math.abs(row[i]!) < 1e-300 ? 0 : row[n]! / row[i]!));
}
