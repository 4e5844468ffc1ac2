/**
 * RPC's reasoning-pruning model (Zhou et al. 2025, algorithms.md §3): a two-component Weibull mixture
 * over path probabilities q ∈ (0, 1], fitted by maximum likelihood with Nelder–Mead from the reference
 * start (w, k1, λ1, k2, λ2) = (0.5, 1, 1, 1.5, 2), parameters clamped to the reference bounds
 * (w ∈ [0.2, 0.8], k, λ ≥ 0.01). Component 1 is made the one with the higher mean.
 */
export interface WeibullMixture {
  /** Weight of component 1 (the high-probability paths). */
  w: number;
  k1: number;
  lambda1: number;
  k2: number;
  lambda2: number;
}

const MIN_Q = 1e-12;
const START = [0.5, 1, 1, 1.5, 2];

function clampParams(x: readonly number[]): number[] {
  return x.map((v, i) => (i === 0 ? Math.min(0.8, Math.max(0.2, v)) : Math.max(0.01, v)));
}

const clampQ = (q: number): number => Math.min(1, Math.max(MIN_Q, q));

export function weibullLogPdf(q: number, k: number, lambda: number): number {
  const z = clampQ(q) / lambda;
  return Math.log(k / lambda) + (k - 1) * Math.log(z) - z ** k;
}

const logSumExp = (a: number, b: number): number => {
  const m = Math.max(a, b);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
};

/** log of each component's weighted density at q: [ln w f1(q), ln (1−w) f2(q)]. */
function componentLogs(m: WeibullMixture, q: number): [number, number] {
  return [Math.log(m.w) + weibullLogPdf(q, m.k1, m.lambda1), Math.log(1 - m.w) + weibullLogPdf(q, m.k2, m.lambda2)];
}

const toMixture = ([w, k1, lambda1, k2, lambda2]: readonly number[]): WeibullMixture =>
  ({ w, k1, lambda1, k2, lambda2 }) as WeibullMixture;

/**
 * −Σ ln(w f1(q) + (1−w) f2(q)): the terms of weibullLogPdf and componentLogs with what does not
 * depend on q computed once per call (the same floating-point operations, so the same fit), because
 * the fit evaluates this a few thousand times per decision.
 */
function negativeLogLikelihood(x: readonly number[], clampedQs: readonly number[]): number {
  const { w, k1, lambda1, k2, lambda2 } = toMixture(clampParams(x));
  const logW1 = Math.log(w);
  const logW2 = Math.log(1 - w);
  const logScale1 = Math.log(k1 / lambda1);
  const logScale2 = Math.log(k2 / lambda2);
  let nll = 0;
  for (const q of clampedQs) {
    const z1 = q / lambda1;
    const z2 = q / lambda2;
    nll -= logSumExp(logW1 + (logScale1 + (k1 - 1) * Math.log(z1) - z1 ** k1), logW2 + (logScale2 + (k2 - 1) * Math.log(z2) - z2 ** k2));
  }
  return Number.isFinite(nll) ? nll : Number.MAX_VALUE;
}

/** Posterior membership of component 1 at q. */
export function highComponentProbability(m: WeibullMixture, q: number): number {
  const [a, b] = componentLogs(m, q);
  return 1 / (1 + Math.exp(b - a));
}

function lnGamma(x: number): number {
  // Lanczos approximation (g = 7), accurate to ~1e-15 for x > 0.5.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const y = x - 1;
  let a = c[0] as number;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln of the Weibull mean λΓ(1 + 1/k). */
const logMean = (k: number, lambda: number): number => Math.log(lambda) + lnGamma(1 + 1 / k);

/**
 * The fitted mixture, or undefined when the fit is degenerate (non-finite). The q's are taken in
 * ascending order, so the fit depends on which paths were drawn, not on the order they arrived in.
 */
export function fitWeibullMixture(qs: readonly number[]): WeibullMixture | undefined {
  const clampedQs = qs.map(clampQ).toSorted((a, b) => a - b);
  const fitted = toMixture(clampParams(nelderMead((x) => negativeLogLikelihood(x, clampedQs), START)));
  if (!Object.values(fitted).every(Number.isFinite)) return undefined;
  if (logMean(fitted.k1, fitted.lambda1) >= logMean(fitted.k2, fitted.lambda2)) return fitted;
  return { w: 1 - fitted.w, k1: fitted.k2, lambda1: fitted.lambda2, k2: fitted.k1, lambda2: fitted.lambda1 };
}

/** a + t·(b − a), coordinate-wise. */
const combine = (a: readonly number[], b: readonly number[], t: number): number[] => a.map((v, i) => v + t * ((b[i] as number) - v));

/** Plain Nelder–Mead (SciPy's coefficients and 5 % initial steps); deterministic. */
export function nelderMead(f: (x: readonly number[]) => number, start: readonly number[], maxIterations = 200 * start.length): number[] {
  const dim = start.length;
  let simplex = [start.slice(), ...start.map((v, i) => start.map((u, j) => (j === i ? (v === 0 ? 0.00025 : v * 1.05) : u)))];
  let values = simplex.map(f);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const order = values.map((_, i) => i).toSorted((a, b) => (values[a] as number) - (values[b] as number));
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    const best = values[0] as number;
    const worst = values[dim] as number;
    if (Math.abs(worst - best) <= 1e-10 * (Math.abs(best) + 1e-10)) break;
    const centroid = start.map((_, j) => simplex.slice(0, dim).reduce((s, p) => s + (p[j] as number), 0) / dim);
    const worstPoint = simplex[dim] as number[];
    const reflected = combine(centroid, worstPoint, -1);
    const fr = f(reflected);
    if (fr < best) {
      const expanded = combine(centroid, worstPoint, -2);
      const fe = f(expanded);
      [simplex[dim], values[dim]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < (values[dim - 1] as number)) {
      [simplex[dim], values[dim]] = [reflected, fr];
    } else {
      const contracted = fr < worst ? combine(centroid, worstPoint, -0.5) : combine(centroid, worstPoint, 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, worst)) {
        [simplex[dim], values[dim]] = [contracted, fc];
      } else {
        const bestPoint = simplex[0] as number[];
        simplex = simplex.map((p, i) => (i === 0 ? p : combine(bestPoint, p, 0.5)));
        values = simplex.map((p, i) => (i === 0 ? best : f(p)));
      }
    }
  }
  let bestIndex = 0;
  values.forEach((v, i) => {
    if (v < (values[bestIndex] as number)) bestIndex = i;
  });
  return simplex[bestIndex] as number[];
}

/**
 * fitWeibullMixture with its most recent fits remembered by the q's (as a set): simulations draw the
 * same paths in many orders (every seed at N = pool size), and a fit costs a few thousand likelihood
 * evaluations. The least recently used fit goes first, so a long-lived strategy (a server's) stays small.
 */
export function rememberingFit(maxEntries = 4096): (qs: readonly number[]) => WeibullMixture | undefined {
  const fits = new Map<string, WeibullMixture | undefined>();
  return (qs) => {
    const key = qs.toSorted((a, b) => a - b).join(',');
    if (fits.has(key)) {
      const fit = fits.get(key);
      fits.delete(key);
      fits.set(key, fit);
      return fit;
    }
    const fit = fitWeibullMixture(qs);
    fits.set(key, fit);
    if (fits.size > maxEntries) fits.delete(fits.keys().next().value as string);
    return fit;
  };
}
