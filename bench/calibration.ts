/**
 * Calibration learnt from a run, judged honestly: for every shared BoInf recording and the toy-arith
 * dev samples, majority's decisions at budgets 1, 2, 4, … up to the pool (10 seeded draws each) are
 * calibrated by Platt on their features, cross-fitted by question (5 folds × 5 assignments); the raw
 * vote share is the baseline measured in the same run. The risk guarantee (error ≤ 5 % among answered
 * with probability ≥ 90 %) is checked over 200 random half/half calibration/test splits at the largest
 * budget, 70 % of each calibration half certifying. Consistency pseudo-labels (majority over the whole
 * pool) are scored against gold at confidence ≥ 0.5 / 0.8 / 0.95.
 *
 * Design choices (Platt with samples-used interactions and the answer-tokens feature, the certify
 * share, where the threshold sequence starts) were made looking at six files only: toy-arith dev,
 * gpqa_diamond_gpt-oss-20b, aime2025_gpt-oss-20b, aime2024_Qwen3-4B, math500_Qwen3-14B and
 * math500_gpt-oss-20b; every line says whether its file was one of them (`design_file`).
 *
 * One JSON line per file, then one summary line. Run: flock /work/.heavy.lock npx tsx bench/calibration.ts [files…]
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadSamplePool } from '../src/recordings/load-sample-pool.js';
import { evaluateCalibration } from '../src/calibration/evaluate-calibration.js';
import { pseudoLabelPrecision } from '../src/calibration/pseudo-labels.js';
import { logGrid } from '../src/eval/metrics/pass-at-k.js';
import { mean } from '../src/eval/stats.js';
import { majority } from '../src/strategies/majority.js';
import { calibrationJson } from '../src/cli/commands/eval-calibrate.js';
import { sharedPath } from '../test/shared.js';

const TARGET = { risk: 0.05, delta: 0.1 };
const DESIGN_FILES = ['dev-samples.jsonl', 'analysis_gpqa_diamond_gpt-oss-20b.jsonl', 'analysis_aime2025_gpt-oss-20b.jsonl', 'analysis_aime2024_Qwen3-4B.jsonl', 'analysis_math500_Qwen3-14B.jsonl', 'analysis_math500_gpt-oss-20b.jsonl'];

const boinfDir = sharedPath('data', 'samples', 'boinf');
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        ...readdirSync(boinfDir)
          .filter((name) => name.endsWith('.jsonl'))
          .toSorted()
          .map((name) => path.join(boinfDir, name)),
        sharedPath('models', 'toy-arith', 'dev-samples.jsonl'),
        sharedPath('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl'),
      ];

const lines: Record<string, unknown>[] = [];
for (const file of files) {
  const started = performance.now();
  const pool = await loadSamplePool(file);
  const sizes = pool.questions.filter((q) => q.gold !== null && q.samples.length > 0).map((q) => q.samples.length);
  const budgets = logGrid(Math.min(...sizes));
  const budget = budgets.at(-1) as number;
  const evaluation = await evaluateCalibration(pool.questions, { strategy: majority(), method: 'platt', budgets, draws: 10, seed: 0, risk: { ...TARGET, budget, splits: 200 } });
  const pseudo = await pseudoLabelPrecision(pool.questions, { strategy: majority() });
  const c = evaluation.crossFit;
  const r = evaluation.risk as NonNullable<typeof evaluation.risk>;
  const line = {
    bench: 'calibration',
    file: path.basename(file),
    format: pool.format,
    design_file: DESIGN_FILES.includes(path.basename(file)),
    questions: c.questions,
    decisions: c.decisions,
    budgets,
    raw: c.raw,
    calibrated: c.calibrated,
    calibrated_ece_sd: c.calibratedEceSd,
    ece_floor: c.eceFloor,
    ece_ratio: c.calibrated.ece / c.raw.ece,
    auroc_not_lower: c.calibrated.auroc >= c.raw.auroc,
    ece_by_n: Object.fromEntries(c.byBudget.map((b) => [String(b.budget), { raw: b.raw.ece, calibrated: b.calibrated.ece }])),
    risk: {
      target: r.target,
      delta: r.delta,
      n: r.budget,
      splits: r.splits,
      calibration_questions: r.calibrationQuestions,
      certify_questions: r.certifyQuestions,
      test_questions: r.testQuestions,
      minimum_answered: r.minimumAnswered,
      held_share: r.heldShare,
      held_share_all_draws: r.heldAllDrawsShare,
      no_threshold: r.noThreshold,
      coverage: r.coverage,
      test_risk: r.risk,
    },
    pseudo_labels: pseudo.rows,
    ms: Math.round(performance.now() - started),
  };
  lines.push(line);
  console.log(calibrationJson(line));
}

const pick = (key: 'raw' | 'calibrated'): number[] => lines.map((l) => (l[key] as { ece: number }).ece);
const risks = lines.map((l) => l['risk'] as { held_share: number; coverage: { mean: number } });
console.log(
  calibrationJson({
    bench: 'calibration-summary',
    files: lines.length,
    mean_raw_ece: mean(pick('raw')),
    mean_calibrated_ece: mean(pick('calibrated')),
    files_calibrated_ece_at_most_0_03: pick('calibrated').filter((e) => e <= 0.03).length,
    files_auroc_not_lower: lines.filter((l) => l['auroc_not_lower'] === true).length,
    files_guarantee_held_90: risks.filter((r) => r.held_share >= 0.9).length,
    files_with_coverage: risks.filter((r) => r.coverage.mean > 0).length,
    mean_calibrated_ece_held_out_files: mean(lines.filter((l) => l['design_file'] !== true).map((l) => (l['calibrated'] as { ece: number }).ece)),
  }),
);
