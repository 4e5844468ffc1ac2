/** quorum ask --calibration with the embedded toy-arith model and a calibration fitted on its recorded dev samples. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { quorum, type QuorumRun } from '../__fixtures__/run-quorum.js';
import { MODELS, sharedPath } from '../../../test/shared.js';
import { loadSamplePool } from '../../recordings/load-sample-pool.js';
import { writeCalibration } from '../../calibration/artifact.js';
import { calibrationArtifact, fitCalibration } from '../../calibration/fit-calibration.js';
import { labelledDecisions } from '../../calibration/labelled-decisions.js';
import { majority } from '../../strategies/majority.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-ask-calibration-'));
const file = path.join(dir, 'toy.json');
const QUESTION = 'Nora starts with 43 kites. She buys 5 trays of 7 kites. How many kites does she have?';

const ask = (...args: string[]): Promise<QuorumRun> => quorum(['ask', '--model', MODELS.toyArith, '--threads', '1', '--seed', '3', ...args]);

beforeAll(async () => {
  const { questions } = await loadSamplePool(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'));
  const decisions = await labelledDecisions(questions, { strategy: majority(), budgets: [4, 16], draws: 2, seed: 0 });
  const fit = fitCalibration(decisions, { method: 'platt', risk: { risk: 0.2, delta: 0.1, budget: 16 }, seed: 0 });
  writeCalibration(file, calibrationArtifact('majority', { name: 'dev-samples', format: 'toy-arith', budgets: [4, 16], draws: 2, seed: 0 }, fit));
});

describe('quorum ask --calibration', () => {
  it('reports the calibrated confidence beside the raw vote share (requesting the logprobs it reads)', async () => {
    const { code, stdout } = await ask('--calibration', file, '--json', QUESTION);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { answer: string; confidence: number; confidenceKind: string; abstained: boolean; raw: { confidence: number; confidenceKind: string } };
    expect(result.confidenceKind).toBe('calibrated');
    expect(result.raw.confidenceKind).toBe('vote-share');
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThan(1);
    const text = await ask('--calibration', file, QUESTION);
    expect(text.stdout).toMatch(/confidence: 0\.\d{3} \(calibrated; raw 0\.\d{3} vote-share, strategy majority\)/);
  });

  it('exits 2 before loading the model for a damaged file or another strategy', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "quorum-calibration", "version": 9}');
    const damaged = await ask('--calibration', bad, QUESTION);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/^quorum ask: --calibration: .*calibration version 9 is not supported/);
    const other = await ask('--calibration', file, '--strategy', 'weighted', QUESTION);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/fitted for strategy majority, not weighted/);
  });
});
