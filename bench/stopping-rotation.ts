/**
 * How auto's defaults are chosen, honest by construction: leave one model family out. For each of the
 * four BoInf families, pick from the grid the setting with the most token saving at concurrency 1 on
 * the other three families whose worst file, seed and concurrency loses at most 0.5 pt against
 * majority of all samples (if none does, the one that loses least), then measure it on the family left
 * out. Every setting is measured once on every file (`--seeds` seeds of 20 orders, concurrency 1, 4, 8,
 * 16); the choice only ever looks at the tuning families.
 *
 * One JSON line per fold (the choice, its tuning and held-out figures, beta(0.95) on the held-out
 * family from the same run), then a summary line.
 *
 *   npx tsx bench/stopping-rotation.ts [--seeds 5] [--grid 'auto:threshold=0.96;…']
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSamplePool } from '../src/recordings/load-sample-pool.js';
import { evaluateStopping } from '../src/eval/evaluate-stopping.js';
import { parseStopRule } from '../src/stopping/registry.js';
import { majority } from '../src/strategies/majority.js';
import { sharedPath } from '../test/shared.js';
import { familyOf, FAMILIES, type Family } from './stopping-families.js';

const CONCURRENCY = [1, 4, 8, 16];
const GRID = [0.95, 0.96, 0.97, 0.98].map((t) => `auto:threshold=${t}`);
const { values: args } = parseArgs({ options: { seeds: { type: 'string', default: '5' }, grid: { type: 'string' } } });
const seeds = Number(args.seeds);
const grid = args.grid === undefined ? GRID : args.grid.split(';');

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x: number): number => Number(x.toFixed(3));

interface Cell {
  family: Family;
  /** Worst gap over seeds and concurrencies, percentage points. */
  worstGap: number;
  /** Token saving at concurrency 1, mean over seeds. */
  saving: number;
}

const dir = sharedPath('data', 'samples', 'boinf');
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).toSorted();
const pools = await Promise.all(files.map(async (f) => ({ family: familyOf(f), questions: (await loadSamplePool(`${dir}/${f}`)).questions })));

async function measure(spec: string): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const pool of pools) {
    let worstGap = Infinity;
    const savings: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const rows = await evaluateStopping({ questions: pool.questions, strategies: [majority()], makeRule: () => parseStopRule(spec), concurrency: CONCURRENCY, seeds: 20, seed });
      for (const row of rows) worstGap = Math.min(worstGap, row.accuracyGapPt);
      savings.push(rows.find((r) => r.concurrency === 1)?.tokenSaving ?? Number.NaN);
    }
    cells.push({ family: pool.family, worstGap, saving: mean(savings) });
  }
  return cells;
}

const started = performance.now();
const beta = await measure('beta');
const measured = new Map<string, Cell[]>();
for (const spec of grid) measured.set(spec, await measure(spec));

const over = (cells: Cell[], keep: (f: Family) => boolean) => {
  const own = cells.filter((c) => keep(c.family));
  return { worstGap: Math.min(...own.map((c) => c.worstGap)), saving: mean(own.map((c) => c.saving)) };
};
const chosen: string[] = [];
for (const heldOut of FAMILIES) {
  const tuning = (f: Family): boolean => f !== heldOut;
  const candidates = grid.map((spec) => ({ spec, ...over(measured.get(spec) as Cell[], tuning) }));
  const safe = candidates.filter((c) => c.worstGap >= -0.5);
  const pick = safe.length > 0 ? safe.reduce((a, b) => (b.saving > a.saving ? b : a)) : candidates.reduce((a, b) => (b.worstGap > a.worstGap ? b : a));
  chosen.push(pick.spec);
  const held = over(measured.get(pick.spec) as Cell[], (f) => f === heldOut);
  const betaHeld = over(beta, (f) => f === heldOut);
  console.log(
    JSON.stringify({
      held_out: heldOut,
      chosen: pick.spec,
      safe_on_tuning: safe.length > 0,
      tuning: { worst_gap_pt: round(pick.worstGap), token_saving_c1: round(pick.saving) },
      held_out_figures: { worst_gap_pt: round(held.worstGap), token_saving_c1: round(held.saving), beta_token_saving_c1: round(betaHeld.saving), saving_vs_beta: round(held.saving / betaHeld.saving) },
    }),
  );
}
const votes = new Map<string, number>();
for (const spec of chosen) votes.set(spec, (votes.get(spec) ?? 0) + 1);
console.log(
  JSON.stringify({
    rotation: 'leave one family out',
    grid,
    seeds,
    chosen_by_fold: chosen,
    every_setting: Object.fromEntries(grid.map((spec) => [spec, { ...over(measured.get(spec) as Cell[], () => true), saving_vs_beta: round(over(measured.get(spec) as Cell[], () => true).saving / over(beta, () => true).saving) }])),
    seconds: Math.round((performance.now() - started) / 1000),
  }),
);
