/**
 * The live path end to end: record a small run with the real embedded toy-arith model, export it as
 * DPO pairs with consistency labels, and check every line against its schema and against the run.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { lineSchemas } from '../../calibration/training-formats.js';
import { toyArithAnswers } from '../../answers/toy-arith.js';
import { readRun } from '../../eval/store/run-store.js';
import { quorum } from '../__fixtures__/run-quorum.js';

describe('DPO export from a live toy-arith run', () => {
  it('records 12 questions × 8 samples and exports pairs that pass the schema and match the run', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-live-export-'));
    const runDir = path.join(dir, 'run');
    const recorded = await quorum(['eval', '--dataset', 'toy-arith-dev', '--model', MODELS.toyArith, '--threads', '1', '--n', '8', '--limit', '12', '--max-tokens', '96', '--out', runDir, '--quiet']);
    expect(recorded.code).toBe(0);
    const out = path.join(dir, 'dpo.jsonl');
    const exported = await quorum(['export', '--run', runDir, '--format', 'dpo', '--labels', 'consistency', '--min-confidence', '0', '--out', out]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/dpo lines from \d+ of 12 questions/);
    const stored = readRun(runDir);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const text of lines) {
      const line = lineSchemas.dpo.parse(JSON.parse(text));
      const { question, samples, answer } = line.quorum;
      const [chosen, rejected] = samples.map((index) => stored.byQuestion.get(question)?.find((s) => s.index === index));
      // A raw completion prompt: the standard form, exactly the prompt the run sent.
      expect(line.prompt).toBe(stored.manifest.dataset.questions.find((q) => q.id === question)?.prompt);
      expect(line.chosen).toBe(chosen?.text);
      expect(line.rejected).toBe(rejected?.text);
      expect(toyArithAnswers.extract(chosen?.text ?? '')).toBe(answer);
      expect(toyArithAnswers.extract(rejected?.text ?? '')).not.toBe(answer);
      expect(toyArithAnswers.extract(rejected?.text ?? '')).not.toBeNull();
    }
  }, 120_000);
});
