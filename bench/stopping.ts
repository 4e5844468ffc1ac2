/**
 * Stop rules on every recorded BoInf file, with simulated time (the engine's scheduler on the virtual
 * clock: src/eval/evaluate-stopping.ts).
 *
 * Part 1, loss and saving: for each rule, file and concurrency (1, 4, 8, 16), `--seeds` seeds of
 * `--orders` seeded orders each (a seed is what `quorum eval --stop <rule> --seeds 20 --seed s` runs).
 * One rule instance serves the questions of a file in file order, so auto learns as in a real run. The
 * baseline is majority of all samples from the same run (ties credited 1/#tied). One JSON line per
 * rule and file (worst gap across seeds at each concurrency), one mean line per rule (all files and
 * per model family), and the time each rule took to evaluate.
 *
 * Part 2, latency: at concurrency 8 and 16, each rule's accuracy–latency curve over its parameter
 * (one seed), and for auto against beta and short-m@k: whether auto's curve is at or above theirs at
 * every latency they reach (linear interpolation between points), and the signed area between them.
 *
 * The last line holds the targets of issue 9. The rotation that chose auto's defaults is
 * bench/stopping-rotation.ts.
 *
 *   npx tsx bench/stopping.ts [--seeds 5] [--orders 20] [--files substring] [--no-curves]
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSamplePool } from '../src/recordings/load-sample-pool.js';
import type { EvalQuestion } from '../src/eval/eval-question.js';
import { evaluateStopping, type StoppingRow } from '../src/eval/evaluate-stopping.js';
import { parseStopRule } from '../src/stopping/registry.js';
import { majority } from '../src/strategies/majority.js';
import { sharedPath } from '../test/shared.js';
import { familyOf, FAMILIES } from './stopping-families.js';

const CONCURRENCY = [1, 4, 8, 16] as const;
const RULES = ['beta', 'esc', 'short:k=8,m=3', 'auto'];
const CURVES: Record<string, string[]> = {
  beta: [0.6, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995].map((t) => `beta:threshold=${t}`),
  esc: [2, 3, 4, 5, 6, 8].map((w) => `esc:window=${w}`),
  short: [1, 2, 3, 4, 5, 6, 8].map((m) => `short:k=8,m=${m}`),
  auto: ['auto:minVotes=1,threshold=0.6', 'auto:minVotes=1,threshold=0.8', ...[0.6, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998].map((t) => `auto:threshold=${t}`)],
};

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    orders: { type: 'string', default: '20' },
    files: { type: 'string', default: '' },
    'no-curves': { type: 'boolean', default: false },
  },
});
const seeds = Number(args.seeds);
const orders = Number(args.orders);

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const perC = <T>(f: (c: number) => T): Record<string, T> => Object.fromEntries(CONCURRENCY.map((c) => [c, f(c)]));

interface FileRun {
  file: string;
  questions: EvalQuestion[];
}

const dir = sharedPath('data', 'samples', 'boinf');
const names = readdirSync(dir).filter((f) => f.endsWith('.jsonl') && f.includes(args.files ?? '')).toSorted();
const runs: FileRun[] = [];
for (const name of names) runs.push({ file: name.replace(/^analysis_|\.jsonl$/g, ''), questions: (await loadSamplePool(`${dir}/${name}`)).questions });

/** One rule on one file at every concurrency, `seeds` seeds of `orders` orders. */
async function measure(spec: string, run: FileRun, seedList: readonly number[], concurrency: readonly number[]) {
  const perSeed: StoppingRow[][] = [];
  for (const seed of seedList) {
    perSeed.push(await evaluateStopping({ questions: run.questions, strategies: [majority()], makeRule: () => parseStopRule(spec), concurrency, seeds: orders, seed }));
  }
  const at = (c: number): StoppingRow[] => perSeed.map((rows) => rows.find((r) => r.concurrency === c) as StoppingRow);
  return { at, rule: perSeed[0]?.[0]?.stop ?? spec };
}

// Part 1: loss and saving.
interface Line {
  rule: string;
  file: string;
  family: string;
  worst_gap_pt: Record<string, number>;
  gap_pt: Record<string, number>;
  token_saving: Record<string, number>;
  latency_tokens: Record<string, number>;
}
const lines: Line[] = [];
const secondsByRule: Record<string, number> = {};
const seedList = Array.from({ length: seeds }, (_, s) => s);
// CPU seconds of this process (the evaluation is single-threaded), and the rules take turns file by
// file: other jobs on a shared machine then change neither rule's figure much.
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
for (const run of runs) {
  for (const spec of RULES) {
    const started = cpuSeconds();
    const { at, rule } = await measure(spec, run, seedList, CONCURRENCY);
    secondsByRule[spec] = (secondsByRule[spec] ?? 0) + cpuSeconds() - started;
    const line: Line = {
      rule,
      file: run.file,
      family: familyOf(run.file),
      worst_gap_pt: perC((c) => round(Math.min(...at(c).map((r) => r.accuracyGapPt)), 3)),
      gap_pt: perC((c) => round(mean(at(c).map((r) => r.accuracyGapPt)), 3)),
      token_saving: perC((c) => round(mean(at(c).map((r) => r.tokenSaving ?? Number.NaN)), 3)),
      latency_tokens: perC((c) => Math.round(mean(at(c).map((r) => r.latencyTokens ?? Number.NaN)))),
    };
    lines.push(line);
    console.log(JSON.stringify({ ...line, questions: run.questions.length, seeds, orders, majority_all_accuracy: round(at(1)[0]?.baselineAccuracy ?? Number.NaN, 2) }));
  }
}
for (const spec of RULES) secondsByRule[spec] = round(secondsByRule[spec] ?? 0, 1);

const summarise = (subset: Line[]) => ({
  files: subset.length,
  worst_gap_pt: perC((c) => round(Math.min(...subset.map((l) => l.worst_gap_pt[c] as number)), 3)),
  gap_pt: perC((c) => round(mean(subset.map((l) => l.gap_pt[c] as number)), 3)),
  token_saving: perC((c) => round(mean(subset.map((l) => l.token_saving[c] as number)), 3)),
  latency_tokens: perC((c) => Math.round(mean(subset.map((l) => l.latency_tokens[c] as number)))),
});
const ruleNames = [...new Set(lines.map((l) => l.rule))];
for (const rule of ruleNames) {
  const own = lines.filter((l) => l.rule === rule);
  const byFamily = Object.fromEntries(FAMILIES.map((f) => [f, summarise(own.filter((l) => l.family === f))]));
  console.log(JSON.stringify({ mean: rule, ...summarise(own), by_family: byFamily, cpu_seconds: secondsByRule[RULES[ruleNames.indexOf(rule)] as string] }));
}

// Part 2: accuracy–latency curves.
interface Point {
  spec: string;
  latency: number;
  gap: number;
}
const curves: Record<string, Record<number, Point[]>> = {};
if (args['no-curves'] !== true) {
  for (const [family, specs] of Object.entries(CURVES)) {
    curves[family] = {};
    for (const c of [8, 16]) {
      const points: Point[] = [];
      for (const spec of specs) {
        const rows = await Promise.all(runs.map(async (run) => (await measure(spec, run, [0], [c])).at(c)[0]));
        points.push({ spec, latency: Math.round(mean(rows.map((r) => r?.latencyTokens ?? Number.NaN))), gap: round(mean(rows.map((r) => r?.accuracyGapPt ?? Number.NaN)), 3) });
      }
      points.sort((a, b) => a.latency - b.latency);
      (curves[family] as Record<number, Point[]>)[c] = points;
      console.log(JSON.stringify({ curve: family, concurrency: c, points }));
    }
  }
}

/** The curve's gap at a latency, by linear interpolation; undefined outside the latencies it reaches. */
function gapAt(points: readonly Point[], latency: number): number | undefined {
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    if (p.latency === latency) return p.gap;
    const q = points[i + 1];
    if (q !== undefined && p.latency < latency && latency < q.latency) return p.gap + ((q.gap - p.gap) * (latency - p.latency)) / (q.latency - p.latency);
  }
  return undefined;
}

/** Auto against another curve: at each of its points, auto's gap minus its gap (undefined where auto does not reach). */
function against(other: readonly Point[], auto: readonly Point[]) {
  const margins = other.map((p) => {
    const a = gapAt(auto, p.latency);
    return { latency: p.latency, margin_pt: a === undefined ? null : round(a - p.gap, 3) };
  });
  const reached = margins.filter((m) => m.margin_pt !== null);
  // Area between the curves over the latencies both reach (pt × token-time), on a common grid.
  const lo = Math.max(other[0]?.latency ?? Infinity, auto[0]?.latency ?? Infinity);
  const hi = Math.min(other.at(-1)?.latency ?? -Infinity, auto.at(-1)?.latency ?? -Infinity);
  let area = 0;
  const steps = hi > lo ? 200 : 0;
  for (let i = 0; i < steps; i++) {
    const x = lo + ((hi - lo) * (i + 0.5)) / steps;
    area += (((gapAt(auto, x) as number) - (gapAt(other, x) as number)) * (hi - lo)) / steps;
  }
  return {
    at_or_above_everywhere: margins.every((m) => m.margin_pt !== null && m.margin_pt >= 0),
    at_or_above_where_reached: reached.every((m) => (m.margin_pt as number) >= 0),
    unreached_latencies: margins.filter((m) => m.margin_pt === null).map((m) => m.latency),
    margins,
    area_pt_tokens: Math.round(area),
    overlap: hi > lo ? [Math.round(lo), Math.round(hi)] : null,
  };
}

const autoLines = lines.filter((l) => l.rule === 'auto');
const betaLines = lines.filter((l) => l.rule === 'beta(0.95)');
if (autoLines.length > 0 && betaLines.length === autoLines.length) {
  const savingRatio = (family?: string): number => {
    const pick = (ls: Line[]) => ls.filter((l) => family === undefined || l.family === family).map((l) => l.token_saving[1] as number);
    return round(mean(pick(autoLines)) / mean(pick(betaLines)), 3);
  };
  const curveTargets = Object.fromEntries(
    [8, 16].flatMap((c) => {
      const auto = curves['auto']?.[c];
      if (auto === undefined) return [];
      return [[c, { vs_beta: against(curves['beta']?.[c] ?? [], auto), vs_short: against(curves['short']?.[c] ?? [], auto) }]];
    }),
  );
  const worst = perC((c) => round(Math.min(...autoLines.map((l) => l.worst_gap_pt[c] as number)), 3));
  console.log(
    JSON.stringify({
      targets: 'auto',
      worst_file_seed_gap_pt: worst,
      token_saving_vs_beta_c1: { all: savingRatio(), ...Object.fromEntries(FAMILIES.map((f) => [f, savingRatio(f)])) },
      curves: curveTargets,
      evaluation_cpu_seconds: { auto: secondsByRule['auto'], beta: secondsByRule['beta'], ratio: round((secondsByRule['auto'] ?? 0) / (secondsByRule['beta'] ?? 1), 2) },
      met: {
        loss: Object.values(worst).every((g) => g >= -0.5),
        speed: (secondsByRule['auto'] ?? 0) <= 1.5 * (secondsByRule['beta'] ?? 0),
        curve_c8: curveTargets[8] === undefined ? null : curveTargets[8].vs_beta.at_or_above_everywhere && curveTargets[8].vs_short.at_or_above_everywhere,
      },
    }),
  );
}
