import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS, SHARED_DIR } from '../../../test/shared.js';
import { readRun } from '../../eval/store/run-store.js';
import { run } from './eval.js';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } };
};

describe('quorum eval live-run options', () => {
  it.each([
    [['--dataset', 'toy-arith-dev'], /--dataset needs --model/],
    [['--model', 'x.gguf'], /--model needs --dataset/],
    [['--dataset', 'toy-arith-dev', '--run', 'runs/x', '--model', 'm'], /not both/],
    [['--dataset', 'nope', '--model', 'm'], /unknown dataset .*toy-arith-dev/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--temperature', '3', '--data-dir', SHARED_DIR], /--temperature must be a number from 0 to 2/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--template', 'no placeholder', '--data-dir', SHARED_DIR], /must contain \{question\}/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--answer', 'math', '--data-dir', SHARED_DIR], /--answer does not apply to --dataset.*--run <folder> --answer/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--format', 'boinf', '--data-dir', SHARED_DIR], /--format applies only to --samples files/],
  ])('rejects %j with a message that says what to do', async (argv, message) => {
    const { err, io } = capture();
    expect(await run(argv, io)).toBe(2);
    expect(err.join('')).toMatch(message);
  });

  it('says so when a run folder does not exist, and evaluates nothing', async () => {
    const { err, io } = capture();
    const missing = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'none');
    expect(await run(['--run', missing, '--quiet'], io)).toBe(1);
    expect(err.join('')).toMatch(/is not a run folder .*quorum eval --dataset/);
  });

  it('refuses to resume a run folder with different sampling settings before loading any model', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'run');
    const base = ['--dataset', 'toy-arith-dev', '--limit', '1', '--n', '1', '--threads', '1', '--data-dir', SHARED_DIR, '--out', dir, '--quiet'];
    const first = capture();
    expect(await run([...base, '--model', MODELS.toyArith], first.io)).toBe(0);
    expect(first.err.join('')).toBe(''); // --quiet: no recording progress either
    expect(first.out.join('')).toMatch(/majority/);
    const stored = readFileSync(path.join(dir, 'samples.jsonl'), 'utf8');
    const other = capture();
    // A model path that does not exist proves the refusal came first.
    expect(await run([...base, '--model', MODELS.toyArith, '--temperature', '0.5'], other.io)).toBe(1);
    expect(other.err.join('')).toMatch(/sampling\.temperature \(stored 0\.8, requested 0\.5\)/);
    expect(readFileSync(path.join(dir, 'samples.jsonl'), 'utf8')).toBe(stored);
    expect(readRun(dir).manifest.sampling.temperature).toBe(0.8);
  });

  it('reports a model that cannot be loaded and writes no run folder', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'run');
    const failed = capture();
    const argv = ['--dataset', 'toy-arith-dev', '--limit', '1', '--n', '1', '--model', path.join(dir, 'missing.gguf'), '--threads', '1', '--data-dir', SHARED_DIR, '--out', dir, '--quiet'];
    expect(await run(argv, failed.io)).toBe(1);
    expect(failed.err.join('')).toMatch(/missing\.gguf/);
    expect(existsSync(dir)).toBe(false);
  });
});
