/**
 * Crash safety for real: a live `quorum eval --dataset` process with the embedded toy-arith model is
 * SIGKILLed once some samples are stored, then re-run. Nothing stored is lost or changed, only the
 * missing samples are generated, and the final pool equals an uninterrupted run's.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS, REPO_ROOT } from '../../test/shared.js';
import { run as evalCommand } from '../cli/commands/eval.js';
import { readRun } from './store/run-store.js';

const QUESTIONS = 4;
const N = 3;
const TOTAL = QUESTIONS * N;

const args = (out: string): string[] => [
  path.join(REPO_ROOT, 'bin', 'quorum.js'),
  'eval',
  '--dataset', 'toy-arith-dev',
  '--limit', String(QUESTIONS),
  '--n', String(N),
  '--model', MODELS.toyArith,
  '--threads', '1',
  // One sequence at a time: llama.cpp then decodes every sample in the same single-sequence batches
  // wherever the kill lands, so the resumed pool equals the reference bit for bit (with 2 in flight,
  // the batch mix, and so the logprobs' 5th digit, depended on where the kill landed).
  '--parallel', '1',
  '--temperature', '1',
  '--max-tokens', '96',
  '--out', out,
  // No --quiet: the recording's summary line on stderr says how many samples were generated and resumed.
];

/** Runs the CLI to completion; resolves with its exit code and stderr. */
function runToEnd(out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args(out), { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const storedLines = (out: string): string[] => {
  const file = path.join(out, 'samples.jsonl');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((line) => line !== '');
};

/** Starts the CLI and SIGKILLs it as soon as at least `atLeast` samples are on disk. */
function killAfter(out: string, atLeast: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args(out), { cwd: REPO_ROOT, stdio: 'ignore' });
    const timer = setInterval(() => {
      if (storedLines(out).length >= atLeast) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the run ended by itself (code ${String(code)}) before it could be killed`));
    });
  });
}

/** What a sample is, without its timing: texts, answers, seeds, token counts and every token's logprob. */
const poolOf = (out: string) =>
  [...readRun(out).byQuestion.values()].flat().map(({ question, index, seed, text, answer, tokens, logprobs }) => ({ question, index, seed, text, answer, tokens, logprobs }));

describe('recording survives SIGKILL', () => {
  it('resumes a killed live run with zero samples lost and zero regenerated, matching an uninterrupted run', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'quorum-kill-'));
    const reference = path.join(root, 'reference');
    const killed = path.join(root, 'killed');

    expect((await runToEnd(reference)).code).toBe(0);
    expect(storedLines(reference)).toHaveLength(TOTAL);

    await killAfter(killed, 4);
    const before = readRun(killed);
    const survivors = [...before.byQuestion.values()].flat();
    expect(survivors.length).toBeGreaterThanOrEqual(4);
    expect(survivors.length).toBeLessThan(TOTAL);

    const resumed = await runToEnd(killed);
    expect(resumed.code).toBe(0);
    // The second run generated exactly the missing samples.
    expect(resumed.stderr).toContain(`${TOTAL - survivors.length} samples generated, ${survivors.length} already stored, 0 failed`);
    // No duplicates or torn lines: exactly one line per sample, and every stored sample is unchanged.
    expect(storedLines(killed)).toHaveLength(TOTAL);
    const after = readRun(killed);
    for (const sample of survivors) {
      expect(after.byQuestion.get(sample.question)?.find((s) => s.index === sample.index)).toEqual(sample);
    }
    expect(poolOf(killed)).toEqual(poolOf(reference));

    // Evaluating the stored run later generates nothing and reads every sample.
    const out: string[] = [];
    const code = await evalCommand(['--run', killed, '--strategies', 'majority,weighted', '--n', '1,3', '--json', '--quiet'], {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    const rows = out.join('').trim().split('\n').map((line) => JSON.parse(line) as { strategy: string; n: number; questions: number });
    expect(rows.map((r) => [r.strategy, r.n, r.questions])).toEqual([
      ['majority', 1, QUESTIONS],
      ['majority', 3, QUESTIONS],
      ['weighted', 1, QUESTIONS],
      ['weighted', 3, QUESTIONS],
    ]);
    expect(storedLines(killed)).toHaveLength(TOTAL);
  }, 120_000);
});
