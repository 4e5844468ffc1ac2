/**
 * MAgICoRe (Chen et al. 2025, algorithms.md §9b) with the verifier standing in for its reward models:
 * the outcome reward o_i is the check score and the process reward Π s_ij is 1 when every step passed,
 * else 0; r_i = o_i + Π. k solutions are sampled and checked. Easy/hard routing as the paper's code:
 * hard iff the solutions agreeing with the majority have a mean standardised reward below 0 AND the
 * o-weighted or Π-weighted answer distribution is unsure (conf = 2(1 − sigmoid(H)) < 0.5, H in nats).
 * Rewards are standardised with the question's own pool (the paper uses dataset-wide statistics of first
 * samples; pass `rewardMean`/`rewardStd` from a calibration run to do the same). Easy: the reward-
 * weighted vote. Hard: the `reviseTop` best-rewarded solutions that failed their check are revised with
 * what it found and the revisions checked; the pool keeps the k best by reward; route again, up to
 * `iterations` times; then the reward-weighted vote.
 */
import type { CheckFailure } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import { verifierPassed, verifierScore } from '../../signals/verifier-score.js';
import { weightShare } from '../../strategies/decision.js';
import { groupAnswers, tallyVotes } from '../../strategies/vote-table.js';
import { inParallel, type Staged } from '../staged.js';
import { withCheck } from '../verifier.js';
import { checkedSolution, isUsableSolution, type LoopInput } from './loop-input.js';
import { UsageTally, type LoopOutcome } from './outcome.js';
import { revise } from './revise.js';

export interface MagicoreOptions {
  /** Solutions sampled (k). Default 8. */
  k?: number;
  /** Most rounds of review and revision for a hard question. Default 3 (the paper's). */
  iterations?: number;
  /** Solutions revised per round: the best-rewarded among those that failed their check. Default 4. */
  reviseTop?: number;
  /** Mean and standard deviation of r for standardising (dataset-wide, from a calibration run). Default: the question's own pool. */
  rewardMean?: number;
  rewardStd?: number;
}

const reward = (s: Sample, verifier: string): number => (verifierScore(s, verifier) ?? 0) + (verifierPassed(s, verifier) === true ? 1 : 0);

/** conf = 2(1 − sigmoid(H)) of the answer distribution weighted by `weight` (0 when no weight at all). */
function distributionConfidence(pool: readonly Sample[], input: LoopInput, weight: (s: Sample) => number): number {
  const classes = groupAnswers(pool, input.answerKind).map((c) => c.members.reduce((sum, p) => sum + weight(pool[p] as Sample), 0));
  const total = classes.reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  const entropy = -classes.reduce((h, w) => (w > 0 ? h + (w / total) * Math.log(w / total) : h), 0);
  return 2 * (1 - 1 / (1 + Math.exp(-entropy)));
}

export function routeOf(pool: readonly Sample[], input: LoopInput, options: MagicoreOptions): 'easy' | 'hard' {
  const verifier = input.verifier.name;
  const usable = pool.filter(isUsableSolution);
  const rewards = usable.map((s) => reward(s, verifier));
  const mean = options.rewardMean ?? rewards.reduce((a, b) => a + b, 0) / Math.max(1, rewards.length);
  const spread = options.rewardStd ?? Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / Math.max(1, rewards.length));
  const majority = tallyVotes(usable, input.answerKind)[0];
  if (majority === undefined) return 'hard';
  const agreeing = usable.filter((s) => majority.samples.includes(s.index));
  const standardised = agreeing.reduce((a, s) => a + (reward(s, verifier) - mean) / (spread > 0 ? spread : 1), 0) / agreeing.length;
  const confOutcome = distributionConfidence(usable, input, (s) => verifierScore(s, verifier) ?? 0);
  const confProcess = distributionConfidence(usable, input, (s) => (verifierPassed(s, verifier) === true ? 1 : 0));
  return standardised < 0 && (confOutcome < 0.5 || confProcess < 0.5) ? 'hard' : 'easy';
}

export function* magicore(input: LoopInput, options: MagicoreOptions = {}): Staged<LoopOutcome> {
  const k = options.k ?? 8;
  const iterations = options.iterations ?? 3;
  const reviseTop = options.reviseTop ?? 4;
  const verifier = input.verifier.name;
  const usage = new UsageTally();
  const failures: CheckFailure[] = [];
  const made: Sample[] = [];
  const solved = yield* inParallel(Array.from({ length: k }, (_, i) => checkedSolution(input, i)));
  for (const { sample, failures: found } of solved) {
    made.push(sample);
    usage.addSample(sample);
    failures.push(...found);
  }
  let pool = made.slice();
  let route = routeOf(pool, input, options);
  const firstRoute = route;
  let nextIndex = k;
  for (let iteration = 1; iteration <= iterations && route === 'hard'; iteration++) {
    const chosen = pool
      .filter((s) => isUsableSolution(s) && verifierPassed(s, verifier) === false && s.checks?.at(-1)?.status === 'judged')
      .toSorted((a, b) => reward(b, verifier) - reward(a, verifier))
      .slice(0, reviseTop);
    if (chosen.length === 0) break;
    const revised = yield* inParallel(
      chosen.map((s, j) =>
        (function* (): Staged<Sample | undefined> {
          const revision = yield* revise(input, s, s.checks?.at(-1) as NonNullable<Sample['checks']>[number], nextIndex + j, iteration);
          usage.add(revision.usage);
          if (revision.failure !== undefined) failures.push(revision.failure);
          if (revision.sample === undefined || !isUsableSolution(revision.sample)) return undefined;
          const check = yield* input.verifier.check({ prompt: input.prompt, sample: revision.sample, answerKind: input.answerKind, templates: input.templates });
          usage.add(check.usage);
          failures.push(...(check.failures ?? []));
          return withCheck(revision.sample, check);
        })(),
      ),
    );
    nextIndex += chosen.length;
    const fresh = revised.filter((s): s is Sample => s !== undefined);
    made.push(...fresh);
    pool = [...pool, ...fresh].toSorted((a, b) => reward(b, verifier) - reward(a, verifier) || a.index - b.index).slice(0, k);
    route = routeOf(pool, input, options);
  }
  const votes = tallyVotes(pool, input.answerKind, (s) => reward(s, verifier));
  return {
    method: 'magicore',
    answer: votes[0]?.answer ?? null,
    confidence: weightShare(votes),
    confidenceKind: 'weight-share',
    votes,
    finals: pool,
    samples: made,
    transitions: [],
    failures,
    route: firstRoute,
    usage: usage.usage,
  };
}
