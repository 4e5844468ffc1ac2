/** Fitting on a real recording, writing and reading the artifact, and applying it through solve(). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { loadSamplePool } from '../recordings/load-sample-pool.js';
import { createReplayBackend } from '../backends/replay/replay-backend.js';
import { FileFormatError, InvalidInputError } from '../core/errors.js';
import { solve } from '../engine/solve.js';
import type { EvalQuestion } from '../eval/eval-question.js';
import { majority } from '../strategies/majority.js';
import { weighted } from '../strategies/weighted.js';
import { calibrateDecision } from './apply-calibration.js';
import { calibrationJsonSchema, readCalibration, writeCalibration, type CalibrationArtifact } from './artifact.js';
import { calibrationArtifact, fitCalibration } from './fit-calibration.js';
import { labelledDecisions } from './labelled-decisions.js';

let questions: EvalQuestion[];
let artifact: CalibrationArtifact;
const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-calibration-'));

beforeAll(async () => {
  questions = (await loadSamplePool(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'))).questions;
  const budgets = [4, 16];
  const decisions = await labelledDecisions(questions, { strategy: majority(), budgets, draws: 3, seed: 0 });
  const fit = fitCalibration(decisions, { method: 'platt', risk: { risk: 0.2, delta: 0.1, budget: 16 }, seed: 0 });
  artifact = calibrationArtifact('majority', { name: 'toy-arith dev', format: 'toy-arith', budgets, draws: 3, seed: 0 }, fit, () => 0);
});

describe('the calibration artifact', () => {
  it('round-trips through a file and states what it was fitted on', () => {
    const file = path.join(dir, 'calibration.json');
    writeCalibration(file, artifact);
    expect(readCalibration(file)).toEqual(artifact);
    expect(artifact).toMatchObject({ format: 'quorum-calibration', version: 1, strategy: 'majority', source: { budgets: [4, 16], draws: 3 } });
    // 70 % of the 200 questions certify; the other 60 fit, 3 draws at 2 budgets each.
    expect(artifact.source.questions).toBe(60);
    expect(artifact.risk).toMatchObject({ questions: 140, budget: 16, target: 0.2 });
    expect(artifact.risk?.threshold).not.toBeNull();
    expect(artifact.dropped.map((d) => d.feature)).toContain('stopped-early');
  });

  it('rejects a wrong version, a wrong field and a file that is not one, naming what is wrong', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...artifact, version: 2 }));
    expect(() => readCalibration(file)).toThrow(/calibration version 2 is not supported.*refit/);
    writeFileSync(file, JSON.stringify({ ...artifact, risk: { ...artifact.risk, delta: 3 } }));
    expect(() => readCalibration(file)).toThrow(/invalid calibration at risk\.delta/);
    writeFileSync(file, '{"format": "something else"}');
    expect(() => readCalibration(file)).toThrow(FileFormatError);
    writeFileSync(file, '{not json');
    expect(() => readCalibration(file)).toThrow(/not valid JSON/);
    expect(() => readCalibration(path.join(dir, 'missing.json'))).toThrow(InvalidInputError);
  });

  it('has a JSON Schema for other tools', () => {
    const schema = calibrationJsonSchema();
    expect(schema['type']).toBe('object');
    expect(Object.keys(schema['properties'] as object)).toEqual(expect.arrayContaining(['format', 'version', 'calibrator', 'risk']));
  });
});

describe('applying a calibration', () => {
  it('replaces the confidence by the calibrated one, keeps the raw one, and abstains below the threshold', async () => {
    let below = 0;
    let above = 0;
    for (const question of questions.slice(0, 60)) {
      const decision = await majority().aggregate(question.samples, { answerKind: question.answerKind, seed: 0 });
      const calibrated = calibrateDecision(artifact, decision, question.samples);
      expect(calibrated.confidenceKind).toBe('calibrated');
      expect(calibrated.raw).toEqual({ confidence: decision.confidence, confidenceKind: 'vote-share', abstained: decision.abstained });
      expect(calibrated.answer).toBe(decision.answer);
      expect(calibrated.abstained).toBe(calibrated.confidence < (artifact.risk?.threshold as number));
      if (calibrated.abstained) below++;
      else above++;
    }
    expect(below).toBeGreaterThan(0);
    expect(above).toBeGreaterThan(0);
  });

  it('declines every question when nothing could be certified', async () => {
    const never: CalibrationArtifact = { ...artifact, risk: { ...(artifact.risk as NonNullable<CalibrationArtifact['risk']>), threshold: null } };
    const question = questions[0] as EvalQuestion;
    const decision = await majority().aggregate(question.samples, { answerKind: question.answerKind, seed: 0 });
    expect(calibrateDecision(never, decision, question.samples).abstained).toBe(true);
  });

  it('runs inside solve() on a replayed recording', async () => {
    const question = questions[1] as EvalQuestion;
    const result = await solve({
      backend: createReplayBackend(questions, { seed: 2 }),
      prompt: question.id,
      answerKind: question.answerKind,
      strategy: majority(),
      maxSamples: 16,
      logprobs: true,
      seed: 2,
      calibration: artifact,
    });
    expect(result.confidenceKind).toBe('calibrated');
    expect(result.raw?.confidenceKind).toBe('vote-share');
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThan(1);
  });

  it('refuses, before drawing a sample, a strategy it was not fitted for or a request without the logprobs it reads', async () => {
    const question = questions[1] as EvalQuestion;
    const backend = createReplayBackend(questions, { seed: 2 });
    const base = { backend, prompt: question.id, answerKind: question.answerKind, maxSamples: 4, seed: 2, calibration: artifact };
    await expect(solve({ ...base, strategy: weighted(), logprobs: true })).rejects.toThrow(/fitted for strategy majority, not weighted/);
    await expect(solve({ ...base, strategy: majority() })).rejects.toThrow(/reads the mean token logprob/);
    expect(backend.remaining(question.id)).toBe(question.samples.length);
  });

  it('is a file a user can read', () => {
    const file = path.join(dir, 'calibration.json');
    writeCalibration(file, artifact);
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"format": "quorum-calibration",\n {2}"version": 1,/);
  });
});
