/**
 * An empirical-Bayes prior on how strongly the questions of one run agree, learned online.
 *
 * Each question has a leader-vs-runner-up share x: of the samples in the two largest classes, the
 * leader's class gets a fraction x. The prior on x is a histogram on a grid, symmetric in x ↔ 1−x
 * because which class leads is arbitrary. It starts uniform (Adaptive-Consistency's Beta(1,1) prior)
 * and after each decided question moves toward that
 * question's posterior (Newton's recursive estimate of a mixing distribution). The likelihood of counts
 * does not depend on when sampling stopped, so early-stopped questions teach it without bias.
 */
const GRID = 64;
const xs = Array.from({ length: GRID }, (_, j) => (j + 0.5) / GRID);
const logX = xs.map(Math.log);
const log1mX = xs.map((x) => Math.log(1 - x));

/** log C(m, k) for k = 0..m. */
function logBinomials(m: number): number[] {
  const out = [0];
  for (let k = 1; k <= m; k++) out.push((out[k - 1] as number) + Math.log(m - k + 1) - Math.log(k));
  return out;
}

const overturnCache = new Map<string, Float64Array>();

/**
 * For each grid point x: P(K < (m − lead)/2) + ½ P(K = (m − lead)/2) with K ~ Binomial(m, x), the
 * chance that m more votes overturn (or tie) a lead. It does not depend on the prior, so it is
 * computed once per (m, lead) and shared by every question and run.
 */
function overturnProbabilities(m: number, lead: number): Float64Array {
  // Only the largest K that overturns and whether a tie is possible matter, so fractional leads
  // (discounted votes) share entries and the cache stays bounded by m².
  const half = (m - lead) / 2;
  const last = Math.min(m, Math.floor(half));
  const tie = Number.isInteger(half);
  const key = `${m}:${last}:${tie}`;
  let table = overturnCache.get(key);
  if (table !== undefined) return table;
  table = new Float64Array(GRID);
  const logChoose = logBinomials(m);
  for (let j = 0; j < GRID; j++) {
    let p = 0;
    for (let k = 0; k <= last; k++) {
      const term = Math.exp((logChoose[k] as number) + k * (logX[j] as number) + (m - k) * (log1mX[j] as number));
      p += tie && k === last ? term / 2 : term;
    }
    table[j] = p;
  }
  overturnCache.set(key, table);
  return table;
}

export class AgreementPrior {
  private readonly weights = new Float64Array(GRID).fill(1 / GRID);
  private readonly logWeights = new Float64Array(GRID).fill(Math.log(1 / GRID));
  /** The last posterior; reused, since a stop check runs for every finished sample of every question. */
  private readonly post = new Float64Array(GRID);
  private learned = 0;

  /** @param strength pseudo-questions the uniform start counts for (higher = learns slower). */
  constructor(private readonly strength: number) {}

  /** Questions learned from so far. */
  get questions(): number {
    return this.learned;
  }

  /** Posterior weights on the grid given `v1` votes for the leader and `v2` for the runner-up (valid until the next call). */
  private posterior(v1: number, v2: number): Float64Array {
    const post = this.post;
    let top = -Infinity;
    for (let j = 0; j < GRID; j++) {
      const log = (this.logWeights[j] as number) + v1 * (logX[j] as number) + v2 * (log1mX[j] as number);
      post[j] = log;
      if (log > top) top = log;
    }
    let total = 0;
    for (let j = 0; j < GRID; j++) {
      const unnormalised = Math.exp((post[j] as number) - top);
      post[j] = unnormalised;
      total += unnormalised;
    }
    for (let j = 0; j < GRID; j++) post[j] = (post[j] as number) / total;
    return post;
  }

  /** P(x > ½ | v1, v2): the leader really is ahead of the runner-up. */
  leaderProbability(v1: number, v2: number): number {
    const post = this.posterior(v1, v2);
    let sum = 0;
    for (let j = 0; j < GRID; j++) if ((xs[j] as number) > 0.5) sum += post[j] as number;
    return sum;
  }

  /**
   * P(the runner-up ends level or ahead once `remaining` more votes split between the two | v1, v2):
   * K ~ Binomial(remaining, x) further votes go to the leader, averaged over the posterior on x. A final
   * tie counts one half (it is broken at random). With `remaining` = ∞ this is P(x < ½).
   */
  flipProbability(v1: number, v2: number, remaining: number): number {
    if (!Number.isFinite(remaining)) return 1 - this.leaderProbability(v1, v2);
    const m = Math.max(0, Math.round(remaining));
    const overturn = overturnProbabilities(m, v1 - v2);
    const post = this.posterior(v1, v2);
    let flip = 0;
    for (let j = 0; j < GRID; j++) flip += (post[j] as number) * (overturn[j] as number);
    return flip;
  }

  /** Learn from one decided question's final counts. */
  learn(v1: number, v2: number): void {
    if (v1 + v2 === 0) return;
    const post = this.posterior(v1, v2);
    const rate = 1 / (this.learned + 1 + this.strength);
    for (let j = 0; j < GRID; j++) {
      const symmetric = ((post[j] as number) + (post[GRID - 1 - j] as number)) / 2;
      const weight = (1 - rate) * (this.weights[j] as number) + rate * symmetric;
      this.weights[j] = weight;
      this.logWeights[j] = Math.log(weight);
    }
    this.learned++;
  }
}
