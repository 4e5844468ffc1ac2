/**
 * The gold answers of every shared benchmark against the answer kind its loader uses: how many the
 * kind reads, and how many a sample stating them (boxed, after "The answer is", or as the benchmark's
 * own worked solution) is graded right on. One JSON line per benchmark; docs/answers.md shows them.
 *
 *   npx tsx bench/gold-answers.ts
 */
import { datasetNames, getBenchmark } from '../src/eval/datasets/registry.js';
import { goldReadability } from '../src/eval/datasets/gold-readability.js';
import { SHARED_DIR } from '../test/shared.js';

for (const name of datasetNames().filter((n) => getBenchmark(n).file[0] === 'data')) {
  const r = goldReadability(getBenchmark(name), SHARED_DIR);
  console.log(
    JSON.stringify({
      bench: 'gold-answers',
      benchmark: r.benchmark,
      kind: r.kind,
      golds: r.golds,
      readable: r.readable,
      boxed_right: r.boxedRight,
      phrase_right: r.phraseRight,
      solutions_right: r.solutionsRight ?? null,
      failures: r.failures,
    }),
  );
}
