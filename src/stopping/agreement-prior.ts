/**
 * An empirical-Bayes prior on how strongly the questions of one run agree, learned online.
 *
 * Each question has a leader-vs-runner-up share x: of the samples in the two largest classes, the
 * leader's class gets a fraction x. The prior on x is a histogram on a grid, symmetric in x ↔ 1−x
 * because which class leads is arbitrary. It starts uniform (so the first question is tested exactly
 * like Adaptive-Consistency's Beta(1,1) rule) and after each decided question moves toward that
 * question's posterior (Newton's recursive estimate of a mixing distribution). The likelihood of counts
 * does not depend on when sampling stopped, so early-stopped questions teach it without bias.
 */
const GRID = 64;
const xs = Array.from({ length: GRID }, (_, j) => (j + 0.5) / GRID);
const logX = xs.map(Math.log);
const log1mX = xs.map((x) => Math.log(1 - x));

export class AgreementPrior {
  private weights = Array.from({ length: GRID }, () => 1 / GRID);
  private learned = 0;

  /** @param strength pseudo-questions the uniform start counts for (higher = learns slower). */
  constructor(private readonly strength: number) {}

  /** Questions learned from so far. */
  get questions(): number {
    return this.learned;
  }

  /** Posterior weights on the grid given `v1` votes for the leader and `v2` for the runner-up. */
  private posterior(v1: number, v2: number): number[] {
    const logs = this.weights.map((w, j) => Math.log(w) + v1 * (logX[j] as number) + v2 * (log1mX[j] as number));
    const top = Math.max(...logs);
    const unnormalised = logs.map((l) => Math.exp(l - top));
    const total = unnormalised.reduce((a, b) => a + b, 0);
    return unnormalised.map((u) => u / total);
  }

  /** P(x > ½ | v1, v2): the leader really is ahead of the runner-up. */
  leaderProbability(v1: number, v2: number): number {
    return this.posterior(v1, v2).reduce((sum, p, j) => ((xs[j] as number) > 0.5 ? sum + p : sum), 0);
  }

  /** Learn from one decided question's final counts. */
  learn(v1: number, v2: number): void {
    if (v1 + v2 === 0) return;
    const post = this.posterior(v1, v2);
    const rate = 1 / (this.learned + 1 + this.strength);
    this.weights = this.weights.map((w, j) => {
      const symmetric = ((post[j] as number) + (post[GRID - 1 - j] as number)) / 2;
      return (1 - rate) * w + rate * symmetric;
    });
    this.learned++;
  }
}
