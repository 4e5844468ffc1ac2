/** quorum calibrate, quorum eval --calibrate cv and quorum export as a user runs them (in-process, through the CLI's entry). */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quorum as runQuorum, type QuorumRun } from '../__fixtures__/run-quorum.js';
import { sharedPath } from '../../../test/shared.js';
import { readCalibration } from '../../calibration/artifact.js';
import { lineSchemas } from '../../calibration/training-formats.js';

const quorum = (...args: string[]): Promise<QuorumRun> => runQuorum(args);

const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-calibrate-cli-'));
const math500 = sharedPath('data', 'samples', 'boinf', 'analysis_math500_Qwen3-14B.jsonl');
const qwen = sharedPath('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl');

describe('quorum calibrate', () => {
  it('writes a calibration with a certified threshold and says what it leaves', async () => {
    const out = path.join(dir, 'math500.json');
    const { code, stdout } = await quorum('calibrate', '--run', math500, '--out', out, '--calibration-n', '8,all', '--draws', '2', '--target-risk', '0.05');
    expect(code).toBe(0);
    expect(stdout).toMatch(/platt for majority, fitted on \d+ decisions of 150 questions/);
    expect(stdout).toMatch(/answer when calibrated confidence ≥ 0\.\d+: error rate among answered ≤ 5\.0 % with probability ≥ 90\.0 % at N = all/);
    const artifact = readCalibration(out);
    expect(artifact.risk).toMatchObject({ questions: 350, budget: 'all' });
    expect(artifact.risk?.errors).toBeLessThanOrEqual(0.05 * (artifact.risk?.answered ?? 0));
  });

  it('warns when the run is too small to certify anything, and still writes the file', async () => {
    const out = path.join(dir, 'aime.json');
    const { code, stderr } = await quorum('calibrate', '--run', sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl'), '--out', out, '--draws', '2', '--target-risk', '0.05');
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: no threshold could be certified .* on 21 certification questions .* at least 45 answered are needed/);
    expect(readCalibration(out).risk?.threshold).toBeNull();
  });

  it('exits 2 on bad options and 1 on an unreadable run, with a message and no stack trace', async () => {
    for (const args of [['--run', math500], ['--run', math500, '--out', 'x.json', '--method', 'forest'], ['--run', math500, '--out', 'x.json', '--delta', '0.1'], ['--run', math500, '--out', 'x.json', '--method', 'isotonic', '--features', 'margin']]) {
      const { code, stderr } = await quorum('calibrate', ...args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^quorum calibrate: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    const missing = await quorum('calibrate', '--run', path.join(dir, 'nope.jsonl'), '--out', path.join(dir, 'x.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^quorum calibrate: .*nope\.jsonl/);
  });
});

describe('quorum eval --calibrate cv', () => {
  it('prints cross-fitted figures and the guarantee over splits as one JSON line per file', async () => {
    const { code, stdout } = await quorum('eval', '--samples', math500, '--calibrate', 'cv', '--calibration-n', '8,all', '--draws', '2', '--target-risk', '0.05', '--splits', '20', '--json', '--quiet');
    expect(code).toBe(0);
    const row = JSON.parse(stdout) as { file: string; raw: { ece: number }; calibrated: { ece: number; auroc: number }; risk: { splits: number; heldShare: number } };
    expect(row.file).toBe(math500);
    expect(row.calibrated.ece).toBeLessThan(row.raw.ece);
    expect(row.risk).toMatchObject({ splits: 20 });
    expect(row.risk.heldShare).toBeGreaterThanOrEqual(0.8);
  });

  it('refuses options that belong to accuracy runs', async () => {
    const { code, stderr } = await quorum('eval', '--samples', math500, '--calibrate', 'cv', '--n', '4');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--n does not apply with --calibrate/);
    expect((await quorum('eval', '--samples', math500, '--target-risk', '0.05')).stderr).toMatch(/--target-risk applies only with --calibrate cv/);
  });
});

describe('quorum export', () => {
  it('writes KTO lines that pass their schema and reports pseudo-label precision against gold', async () => {
    const out = path.join(dir, 'kto.jsonl');
    const { code, stderr } = await quorum('export', '--run', qwen, '--format', 'kto', '--labels', 'consistency', '--min-confidence', '0.8', '--out', out);
    expect(code).toBe(0);
    expect(stderr).toMatch(/kto lines from \d+ of 100 questions/);
    expect(stderr).toMatch(/of the kept pseudo-labels are right/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    for (const line of lines) expect(lineSchemas.kto.safeParse(JSON.parse(line)).success).toBe(true);
  });

  it('exits 1 with the reason when nothing can be exported, 2 on bad options', async () => {
    const none = await quorum('export', '--run', math500, '--format', 'sft');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no training line .* 500 no prompt recorded/);
    expect((await quorum('export', '--run', qwen, '--format', 'ppo')).code).toBe(2);
    expect((await quorum('export', '--run', qwen, '--format', 'sft', '--min-confidence', '0.9')).stderr).toMatch(/--min-confidence applies to --labels consistency/);
  });
});
