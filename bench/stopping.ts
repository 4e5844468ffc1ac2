/**
 * Stop rules on every recorded BoInf file, with simulated time (src/eval/simulate-stopping.ts).
 *
 * For each rule, file and concurrency (1, 4, 8, 16), every question is replayed in 20 seeded orders;
 * one rule instance serves the questions of a file in file order, so rules that learn across a run
 * (auto) learn as they would in a real run. Baselines come from the same run: majority of all samples
 * (accuracy, tokens) and running all samples at the same concurrency (latency).
 *
 * Prints one JSON line per rule and file, one mean line per rule (over all files, tuning files and
 * held-out files), and a last line with auto's targets against beta(0.95).
 *
 *   npx tsx bench/stopping.ts [--rules auto,beta,...] [--seeds 20] [--files substring]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exactAnswers } from '../src/answers/exact.js';
import { createRng, deriveSeed, shuffled } from '../src/core/rng.js';
import { simulateStopping, type RecordedSample } from '../src/eval/simulate-stopping.js';
import { fixedRule } from '../src/stopping/fixed.js';
import { parseStopRule } from '../src/stopping/registry.js';
import type { StopRule } from '../src/stopping/stop-rule.js';
import { sharedPath } from '../test/shared.js';

const CONCURRENCY: readonly number[] = [1, 4, 8, 16];
/** auto's constants were tuned on these files only (Qwen3 models); every other file is held out. */
const isTuningFile = (file: string): boolean => file.includes('Qwen3');

const { values: args } = parseArgs({
  options: {
    rules: { type: 'string', default: 'fixed:n=16,esc:window=5,beta:threshold=0.95,dirichlet:threshold=0.95,auto' },
    seeds: { type: 'string', default: '20' },
    files: { type: 'string', default: '' },
  },
});
const ruleSpecs = (args.rules ?? '').split(/,(?=[a-z]+(?::|,|$))/);
const seeds = Number(args.seeds);

interface Question {
  gold: string;
  pool: RecordedSample[];
  id: number;
}

function loadFile(path: string): Question[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const q = JSON.parse(line) as { problem_num: number; gold_answer: string; all_answers: [string, number][] };
      return {
        id: q.problem_num,
        gold: q.gold_answer,
        pool: q.all_answers.map(([answer, tokens]) => ({ answer: answer === '' ? null : answer, tokens })),
      };
    });
}

/** Majority of all samples, crediting 1/#tied to each tied class (expected accuracy under random tie-break). */
function majorityOfAllAccuracy(q: Question): number {
  const counts = new Map<string, number>();
  for (const s of q.pool) if (s.answer !== null) counts.set(s.answer, (counts.get(s.answer) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  const tied = [...counts].filter(([, c]) => c === top).map(([a]) => a);
  return tied.includes(q.gold) ? 1 / tied.length : 0;
}

const orderOf = (q: Question, seed: number): RecordedSample[] => shuffled(q.pool, createRng(deriveSeed(seed, q.id)));

interface Totals {
  correct: number;
  tokens: number;
  latency: number;
  samples: number;
}

function run(questions: Question[], makeRule: () => StopRule, concurrency: number): Totals {
  const t: Totals = { correct: 0, tokens: 0, latency: 0, samples: 0 };
  for (let seed = 0; seed < seeds; seed++) {
    const rule = makeRule();
    for (const q of questions) {
      const r = simulateStopping({ pool: orderOf(q, seed), rule, answers: exactAnswers, concurrency });
      t.correct += r.answer === q.gold ? 1 : 0;
      t.tokens += r.tokens;
      t.latency += r.latency;
      t.samples += r.started;
    }
  }
  return t;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
const perC = (f: (c: number) => number): Record<string, number> => Object.fromEntries(CONCURRENCY.map((c) => [c, f(c)]));

type Line = {
  rule: string;
  file: string;
  split: 'tuning' | 'held-out';
  accuracy_gap_pt: Record<string, number>;
  token_saving: Record<string, number>;
  latency_tokens: Record<string, number>;
  latency_speedup: Record<string, number>;
  samples_mean: Record<string, number>;
};

const dir = sharedPath('data', 'samples', 'boinf');
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl') && f.includes(args.files ?? '')).sort();
const lines: Line[] = [];
const started = performance.now();
for (const file of files) {
  const questions = loadFile(`${dir}/${file}`);
  const runs = seeds * questions.length;
  const majorityAccuracy = questions.reduce((sum, q) => sum + majorityOfAllAccuracy(q), 0) / questions.length;
  const allTokens = questions.reduce((sum, q) => sum + q.pool.reduce((s, x) => s + x.tokens, 0), 0) * seeds;
  const allLatency = perC((c) => run(questions, () => fixedRule({ n: 1e9 }), c).latency);
  for (const spec of ruleSpecs) {
    const byC = new Map(CONCURRENCY.map((c) => [c, run(questions, () => parseStopRule(spec), c)]));
    const get = (c: number): Totals => byC.get(c) as Totals;
    const line: Line = {
      rule: parseStopRule(spec).name,
      file: file.replace(/^analysis_|\.jsonl$/g, ''),
      split: isTuningFile(file) ? 'tuning' : 'held-out',
      accuracy_gap_pt: perC((c) => round(100 * (get(c).correct / runs - majorityAccuracy), 2)),
      token_saving: perC((c) => round(allTokens / get(c).tokens, 2)),
      latency_tokens: perC((c) => Math.round(get(c).latency / runs)),
      latency_speedup: perC((c) => round((allLatency[c] as number) / get(c).latency, 2)),
      samples_mean: perC((c) => round(get(c).samples / runs, 2)),
    };
    lines.push(line);
    console.log(JSON.stringify({ ...line, questions: questions.length, orders: seeds, majority_all_accuracy: round(100 * majorityAccuracy, 2) }));
  }
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const summarise = (rule: string, subset: Line[]) => ({
  files: subset.length,
  accuracy_gap_pt: perC((c) => round(mean(subset.map((l) => l.accuracy_gap_pt[c] as number)), 2)),
  worst_gap_pt: perC((c) => round(Math.min(...subset.map((l) => l.accuracy_gap_pt[c] as number)), 2)),
  token_saving: perC((c) => round(mean(subset.map((l) => l.token_saving[c] as number)), 2)),
  latency_tokens: perC((c) => Math.round(mean(subset.map((l) => l.latency_tokens[c] as number)))),
  latency_speedup: perC((c) => round(mean(subset.map((l) => l.latency_speedup[c] as number)), 2)),
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

// auto's targets, against beta(0.95) from this same run.
const autoLines = lines.filter((l) => l.rule === 'auto');
const betaLines = lines.filter((l) => l.rule === 'beta(0.95)');
if (autoLines.length > 0 && betaLines.length === autoLines.length) {
  const latencyRatio8 = mean(autoLines.map((l, i) => (l.latency_tokens[8] as number) / (betaLines[i]?.latency_tokens[8] as number)));
  const savingRatio = mean(autoLines.map((l) => l.token_saving[1] as number)) / mean(betaLines.map((l) => l.token_saving[1] as number));
  const worstLoss = Math.max(...autoLines.map((l) => -(l.accuracy_gap_pt[1] as number)));
  const worstLoss8 = Math.max(...autoLines.map((l) => -(l.accuracy_gap_pt[8] as number)));
  console.log(
    JSON.stringify({
      targets: 'auto vs beta(0.95)',
      worst_file_loss_pt_c1: round(worstLoss, 2),
      worst_file_loss_pt_c8: round(worstLoss8, 2),
      token_saving_ratio_c1: round(savingRatio, 2),
      latency_ratio_c8: round(latencyRatio8, 3),
      met: { loss: worstLoss <= 0.5 && worstLoss8 <= 0.5, saving: savingRatio >= 1.5, latency: latencyRatio8 <= 0.5 },
      seconds: round((performance.now() - started) / 1000, 1),
    }),
  );
}
