/**
 * Cost of the math answer kind on real texts, against a baseline from the same run.
 *
 * - extract: the math kind's `extract` (box/####/phrase + canonical form) over the 800 recorded
 *   Qwen2.5-Math texts, against the bare Hendrycks `last_boxed_only_string` scan (find the last
 *   `\boxed{`, match braces) over the same texts: the ratio is what canonicalisation costs on top.
 * - equivalent: `equivalent` on every pair of distinct canonical answers to the same BoInf MATH-500
 *   question, against string equality of the same pairs; cold = first call per pair (one run: it
 *   evaluates), warm = cached. Timings are the best of 5 runs after a warm-up.
 *
 *   npx tsx bench/answers.ts [--repeats 5]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readBraced } from '../src/answers/braced.js';
import { mathKind } from '../src/answers/math.js';
import { sharedPath } from '../test/shared.js';

const { values: args } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const repeats = Number(args.repeats);

const readJsonl = (...parts: string[]): Record<string, unknown>[] =>
  readFileSync(sharedPath(...parts), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Best of 5 runs after a warm-up: the machine is shared, so the fastest run is the least disturbed. */
function time(run: () => void): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Hendrycks' last_boxed_only_string: the content of the last `\boxed{…}`, nothing else. */
function bareLastBoxed(text: string): string | null {
  const at = text.lastIndexOf('\\boxed{');
  return at < 0 ? null : (readBraced(text, at + 6)?.content ?? null);
}

const texts = readJsonl('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl').flatMap((line) => line['code'] as string[]);
let sink = 0;
const baselineMs = time(() => {
  for (let r = 0; r < repeats; r++) for (const text of texts) sink += bareLastBoxed(text)?.length ?? 0;
});
const extractMs = time(() => {
  for (let r = 0; r < repeats; r++) for (const text of texts) sink += mathKind.extract(text)?.length ?? 0;
});

// Every pair of distinct answers to the same question (as a vote table would compare them).
const pairs: [string, string][] = [];
for (const line of readJsonl('data', 'samples', 'boinf', 'analysis_math500_Phi-4-reasoning.jsonl')) {
  const answers = [...new Set(Object.keys(line['answer_counts'] as object).map((a) => mathKind.normalize(a)))].filter((a) => a !== null);
  for (let i = 0; i < answers.length; i++) for (let j = i + 1; j < answers.length; j++) pairs.push([answers[i] as string, answers[j] as string]);
}
let equal = 0;
const stringMs = time(() => {
  for (const [a, b] of pairs) if (a === b) sink++;
});
// Cold is measured once, by hand: a second run would hit the cache.
const coldStart = performance.now();
for (const [a, b] of pairs) if (mathKind.equivalent(a, b)) equal++;
const coldMs = performance.now() - coldStart;
const warmMs = time(() => {
  for (const [a, b] of pairs) if (mathKind.equivalent(a, b)) sink++;
});

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
console.log(
  JSON.stringify({
    bench: 'answers',
    texts: texts.length * repeats,
    extract_us_per_text: round((extractMs * 1000) / (texts.length * repeats), 2),
    baseline_us_per_text: round((baselineMs * 1000) / (texts.length * repeats), 2),
    extract_vs_bare_boxed_ratio: round(extractMs / baselineMs, 2),
    pairs: pairs.length,
    pairs_equivalent: equal,
    equivalent_cold_us_per_pair: round((coldMs * 1000) / pairs.length, 2),
    equivalent_warm_us_per_pair: round((warmMs * 1000) / pairs.length, 2),
    string_equality_us_per_pair: round((stringMs * 1000) / pairs.length, 3),
    sink: sink > 0,
  }),
);
