/**
 * SelfCheckGPT's evaluation (Manakul et al. 2023, as in their notebooks): sentence-level AUC-PR for
 * three detection tasks and passage-level correlation with the human labels. Labels are 0 / 0.5 / 1
 * (accurate / minor / major inaccuracy); a higher score means "more likely hallucinated".
 * - NonFact: positives are label > 0.499 (minor or major), ranked by score.
 * - NonFact*: only passages that are not wholly hallucinated (mean label < 0.99); positives are
 *   major inaccuracies (label > 0.99).
 * - Factual: positives are label < 0.499 (accurate), ranked by the negated score.
 * - Pearson / Spearman: passage score (mean sentence score) against mean label.
 */
import { areaUnderPrecisionRecall } from './metrics/precision-recall.js';
import { mean, pearson, spearman } from './stats.js';

export interface ScoredPassage {
  labels: readonly number[];
  /** One score per sentence, aligned with `labels`. */
  scores: readonly number[];
}

export interface SelfCheckFigures {
  /** Areas under the precision–recall curve, in [0, 1]. */
  nonFact: number;
  nonFactStar: number;
  factual: number;
  pearson: number;
  spearman: number;
  passages: number;
  sentences: number;
}

const flat = <T>(parts: readonly (readonly T[])[]): T[] => parts.flatMap((part) => [...part]);

export function selfCheckFigures(passages: readonly ScoredPassage[]): SelfCheckFigures {
  const labels = flat(passages.map((p) => p.labels));
  const scores = flat(passages.map((p) => p.scores));
  const partial = passages.filter((p) => mean(p.labels) < 0.99);
  return {
    nonFact: areaUnderPrecisionRecall(labels.map((l) => l > 0.499), scores),
    nonFactStar: areaUnderPrecisionRecall(flat(partial.map((p) => p.labels.map((l) => l > 0.99))), flat(partial.map((p) => p.scores))),
    factual: areaUnderPrecisionRecall(labels.map((l) => l < 0.499), scores.map((s) => -s)),
    pearson: pearson(passages.map((p) => mean(p.scores)), passages.map((p) => mean(p.labels))),
    spearman: spearman(passages.map((p) => mean(p.scores)), passages.map((p) => mean(p.labels))),
    passages: passages.length,
    sentences: labels.length,
  };
}

const share = (items: readonly number[], positive: (l: number) => boolean): number => items.filter(positive).length / items.length;

/** What a random ranking scores on each task: the share of positives (the AUC-PR of chance). */
export function chanceFigures(passages: readonly Pick<ScoredPassage, 'labels'>[]): Pick<SelfCheckFigures, 'nonFact' | 'nonFactStar' | 'factual'> {
  const labels = flat(passages.map((p) => p.labels));
  const partial = flat(passages.filter((p) => mean(p.labels) < 0.99).map((p) => p.labels));
  return { nonFact: share(labels, (l) => l > 0.499), nonFactStar: share(partial, (l) => l > 0.99), factual: share(labels, (l) => l < 0.499) };
}
