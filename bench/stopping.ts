/**
 * Stop rules on every recorded BoInf file, with simulated time (src/eval/evaluate-stopping.ts).
 *
 * For each rule, file and concurrency (1, 4, 8, 16), every question is replayed in 20 seeded orders;
 * one rule instance serves the questions of a file in file order, so rules that learn across a run
 * (auto) learn as they would in a real run. The baseline comes from the same run: majority of all
 * samples (accuracy with ties credited 1/#tied, and tokens). The decision is plain majority.
 *
 * Prints one JSON line per rule and file, one mean line per rule (over all files, the tuning files
 * and the held-out files), and a last line with auto's targets against beta(0.95).
 *
 *   npx tsx bench/stopping.ts [--rules 'auto;beta:threshold=0.9;…'] [--seeds 20] [--files substring]
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSamplePool } from '../src/recordings/load-sample-pool.js';
import { evaluateStopping, type StoppingRow } from '../src/eval/evaluate-stopping.js';
import { parseStopRule } from '../src/stopping/registry.js';
import { majority } from '../src/strategies/majority.js';
import { sharedPath } from '../test/shared.js';

const CONCURRENCY: readonly number[] = [1, 4, 8, 16];
/**
 * auto's defaults were chosen on these files only (the Qwen3 and EXAONE model families); the Phi-4 and
 * gpt-oss files are held out. See AUTO_DEFAULTS in src/stopping/auto.ts.
 */
const isTuningFile = (file: string): boolean => file.includes('Qwen3') || file.includes('EXAONE');

const { values: args } = parseArgs({
  options: {
    rules: { type: 'string', default: 'fixed:n=16;esc:window=5;beta:threshold=0.95;dirichlet:threshold=0.95;auto' },
    seeds: { type: 'string', default: '20' },
    files: { type: 'string', default: '' },
  },
});
const ruleSpecs = (args.rules ?? '').split(';');
const seeds = Number(args.seeds);

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
const perC = (f: (c: number) => number): Record<string, number> => Object.fromEntries(CONCURRENCY.map((c) => [c, f(c)]));

interface Line {
  rule: string;
  file: string;
  split: 'tuning' | 'held-out';
  accuracy_gap_pt: Record<string, number>;
  token_saving: Record<string, number>;
  latency_tokens: Record<string, number>;
  samples_mean: Record<string, number>;
}

const dir = sharedPath('data', 'samples', 'boinf');
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl') && f.includes(args.files ?? '')).toSorted();
const lines: Line[] = [];
const started = performance.now();
for (const file of files) {
  const { questions } = await loadSamplePool(`${dir}/${file}`);
  for (const spec of ruleSpecs) {
    const rows = await evaluateStopping({
      questions,
      strategies: [majority()],
      makeRule: () => parseStopRule(spec),
      concurrency: CONCURRENCY,
      seeds,
    });
    const at = (c: number): StoppingRow => rows.find((r) => r.concurrency === c) as StoppingRow;
    const line: Line = {
      rule: at(1).stop,
      file: file.replace(/^analysis_|\.jsonl$/g, ''),
      split: isTuningFile(file) ? 'tuning' : 'held-out',
      accuracy_gap_pt: perC((c) => round(at(c).accuracyGapPt, 2)),
      token_saving: perC((c) => round(at(c).tokenSaving ?? Number.NaN, 2)),
      latency_tokens: perC((c) => Math.round(at(c).latencyTokens ?? Number.NaN)),
      samples_mean: perC((c) => round(at(c).samplesPerQuestion, 2)),
    };
    lines.push(line);
    console.log(JSON.stringify({ ...line, questions: questions.length, orders: seeds, majority_all_accuracy: round(at(1).baselineAccuracy, 2) }));
  }
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const summarise = (rule: string, subset: Line[]) => ({
  files: subset.length,
  accuracy_gap_pt: perC((c) => round(mean(subset.map((l) => l.accuracy_gap_pt[c] as number)), 2)),
  worst_gap_pt: perC((c) => round(Math.min(...subset.map((l) => l.accuracy_gap_pt[c] as number)), 2)),
  token_saving: perC((c) => round(mean(subset.map((l) => l.token_saving[c] as number)), 2)),
  latency_tokens: perC((c) => Math.round(mean(subset.map((l) => l.latency_tokens[c] as number)))),
  rule,
});
const ruleNames = [...new Set(lines.map((l) => l.rule))];
for (const rule of ruleNames) {
  const own = lines.filter((l) => l.rule === rule);
  console.log(
    JSON.stringify({
      mean: rule,
      ...summarise(rule, own),
      tuning: summarise(rule, own.filter((l) => l.split === 'tuning')),
      held_out: summarise(rule, own.filter((l) => l.split === 'held-out')),
    }),
  );
}

// auto's targets, against beta(0.95) from this same run (files in the same order for both).
const autoLines = lines.filter((l) => l.rule === 'auto');
const betaLines = lines.filter((l) => l.rule === 'beta(0.95)');
if (autoLines.length > 0 && betaLines.length === autoLines.length) {
  const at = (ls: Line[], key: 'token_saving' | 'latency_tokens', c: number): number[] => ls.map((l) => l[key][c] as number);
  const worstLoss = (c: number): number => Math.max(...autoLines.map((l) => -(l.accuracy_gap_pt[c] as number)));
  const savingRatio = mean(at(autoLines, 'token_saving', 1)) / mean(at(betaLines, 'token_saving', 1));
  const latencyOfMeans = mean(at(autoLines, 'latency_tokens', 8)) / mean(at(betaLines, 'latency_tokens', 8));
  const latencyPerFile = mean(autoLines.map((l, i) => (l.latency_tokens[8] as number) / (betaLines[i]?.latency_tokens[8] as number)));
  const worst = Math.max(...CONCURRENCY.map(worstLoss));
  console.log(
    JSON.stringify({
      targets: 'auto vs beta(0.95)',
      worst_file_loss_pt: perC((c) => round(worstLoss(c), 2)),
      token_saving_ratio_c1: round(savingRatio, 2),
      latency_ratio_c8_of_means: round(latencyOfMeans, 3),
      latency_ratio_c8_per_file_mean: round(latencyPerFile, 3),
      met: { loss: worst <= 0.5, saving: savingRatio >= 1.5, latency_of_means: latencyOfMeans <= 0.5, latency_per_file: latencyPerFile <= 0.5 },
      seconds: round((performance.now() - started) / 1000, 1),
    }),
  );
}
