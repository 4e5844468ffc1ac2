/** Cross-fitting and the risk splits on real recordings (small settings, so the test stays quick). */
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { loadSamplePool } from '../recordings/load-sample-pool.js';
import { majority } from '../strategies/majority.js';
import { evaluateCalibration } from './evaluate-calibration.js';
import { pseudoLabelPrecision } from './pseudo-labels.js';

describe('cross-fitted calibration', () => {
  it('lowers ECE and raises AUROC on toy-arith dev samples, where logprobs separate right from wrong', async () => {
    const { questions } = await loadSamplePool(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'));
    const e = await evaluateCalibration(questions, { strategy: majority(), method: 'platt', budgets: [4, 16], draws: 2, seed: 0, repeats: 1 });
    const c = e.crossFit;
    expect(c.questions).toBe(200);
    expect(c.calibrated.ece).toBeLessThan(c.raw.ece);
    expect(c.calibrated.auroc).toBeGreaterThan(c.raw.auroc);
    expect(c.calibrated.brier).toBeLessThan(c.raw.brier);
    expect(c.eceFloor.independent).toBeLessThanOrEqual(c.eceFloor.perQuestion);
    expect(c.byBudget.map((b) => b.budget)).toEqual([4, 16]);
    expect(e.riskCoverage.calibrated.at(-1)?.coverage).toBe(1);
  });

  it('keeps the bound on a large BoInf file and says how often and at what coverage', async () => {
    const { questions } = await loadSamplePool(sharedPath('data', 'samples', 'boinf', 'analysis_math500_Qwen3-14B.jsonl'));
    const e = await evaluateCalibration(questions, {
      strategy: majority(),
      method: 'isotonic',
      budgets: [8, 'all'],
      draws: 2,
      seed: 0,
      repeats: 1,
      risk: { risk: 0.05, delta: 0.1, budget: 'all', splits: 30 },
    });
    const r = e.risk!;
    expect(r).toMatchObject({ splits: 30, calibrationQuestions: 250, testQuestions: 250, certifyQuestions: 175, minimumAnswered: 45 });
    expect(r.heldShare).toBeGreaterThanOrEqual(0.8);
    expect(r.coverage.mean).toBeGreaterThan(0.5);
    expect(e.riskCoverage.chosen?.coverage).toBe(r.coverage.mean);
  });

  it('certifies nothing on a 30-question file: too few to show 5 % with 90 % confidence', async () => {
    const { questions } = await loadSamplePool(sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl'));
    const e = await evaluateCalibration(questions, { strategy: majority(), method: 'platt', budgets: [4, 'all'], draws: 2, seed: 0, repeats: 1, risk: { risk: 0.05, delta: 0.1, budget: 'all', splits: 10 } });
    expect(e.risk).toMatchObject({ splits: 10, noThreshold: 10, certifyQuestions: 11, coverage: { mean: 0 } });
  });
});

describe('pseudo-label precision', () => {
  it('rises with the confidence required, on qwen25-math-rm8', async () => {
    const { questions } = await loadSamplePool(sharedPath('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl'));
    const { rows } = await pseudoLabelPrecision(questions, { strategy: majority() });
    expect(rows.map((r) => r.minConfidence)).toEqual([0.5, 0.8, 0.95]);
    expect(rows[0]!.kept).toBeGreaterThanOrEqual(rows[2]!.kept);
    expect(rows[2]!.precision).toBeGreaterThanOrEqual(rows[0]!.precision);
    expect(rows[0]!.precision).toBeGreaterThan(0.9);
  });
});
