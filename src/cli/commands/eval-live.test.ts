import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, REPO_ROOT, SHARED_DIR } from '../../../test/shared.js';
import { readRun } from '../../eval/store/run-store.js';
import { startFaultProxy, type FaultProxy } from '../../test-support/fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../../test-support/llama-openai-server.js';
import { deadBaseURL } from '../../test-support/dead-url.js';
import { quorum } from '../__fixtures__/run-quorum.js';
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
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--temperature', '-1', '--data-dir', SHARED_DIR], /--temperature must be a number from 0 to 2, got "-1"/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--record-seed', '1.5', '--data-dir', SHARED_DIR], /--record-seed must be an integer, got "1\.5"/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--out', path.join(REPO_ROOT, 'README.md'), '--data-dir', SHARED_DIR], /--out .*README\.md is a file; give a folder for the run/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--data-dir', path.join(os.tmpdir(), 'quorum-no-data')], /dataset toy-arith-dev is read from .*quorum-no-data.*, which does not exist: pass --data-dir <folder> \(or set QUORUM_DATA_DIR\)/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--template', 'no placeholder', '--data-dir', SHARED_DIR], /must contain \{question\}/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--answer', 'math', '--data-dir', SHARED_DIR], /--answer does not apply to --dataset.*--run <folder> --answer/],
    [['--dataset', 'toy-arith-dev', '--model', 'm', '--format', 'boinf', '--data-dir', SHARED_DIR], /--format applies only to --samples files/],
  ])('rejects %j with a message that says what to do', async (argv, message) => {
    const { err, io } = capture();
    expect(await run(argv, io)).toBe(2);
    expect(err.join('')).toMatch(message);
    expect(err.join('').trimEnd().split('\n')).toHaveLength(1);
  });

  it('reads registered datasets from QUORUM_DATA_DIR', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'run');
    const argv = ['eval', '--dataset', 'toy-arith-dev', '--model', path.join(dir, 'missing.gguf'), '--out', dir, '--quiet'];
    const missing = await quorum(argv, { QUORUM_DATA_DIR: path.join(os.tmpdir(), 'quorum-no-data') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/quorum-no-data.*does not exist/);
    // With the real data folder the options pass, and only the missing model stops the run.
    const found = await quorum(argv, { QUORUM_DATA_DIR: SHARED_DIR });
    expect(found.code).toBe(1);
    expect(found.stderr).toMatch(/^quorum eval: model file not found: .*missing\.gguf/);
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

/** Records 2 samples for each of the first `limit` toy-arith questions from a server. */
const record = (dir: string, baseURL: string, limit = 2) =>
  quorum(['eval', '--dataset', 'toy-arith-dev', '--base-url', baseURL, '--model', 'toy-arith', '--n', '2', '--limit', String(limit), '--max-tokens', '64', '--data-dir', SHARED_DIR, '--out', dir, '--quiet']);

describe('recording from a server that is down', () => {
  let deadURL: string;
  beforeAll(async () => {
    deadURL = await deadBaseURL();
  });

  it('exits 1 saying what failed, and counts nothing as a result', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'run');
    const recorded = await record(dir, deadURL);
    expect(recorded.code).toBe(1);
    expect(recorded.stdout).toBe(''); // no accuracy table
    expect(recorded.stderr).toMatch(/ECONNREFUSED/);
    // The run folder, if any, has no usable sample: evaluating it says so and exits 1.
    if (existsSync(path.join(dir, 'manifest.json'))) {
      const evaluated = await quorum(['eval', '--run', dir, '--json', '--quiet']);
      expect(evaluated.code).toBe(1);
      expect(evaluated.stdout).toBe('');
      expect(evaluated.stderr).toMatch(/no question has a usable sample/);
    }
  });

  it('stops after failures in a row, saying that the stored samples are intact', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'run');
    const recorded = await record(dir, deadURL, 3); // 6 samples: more than the failures in a row that stop a recording
    expect(recorded.code).toBe(1);
    expect(recorded.stdout).toBe('');
    expect(recorded.stderr).toMatch(/^quorum eval: recording stopped: .*The 0 usable samples stored in .* are intact; .*re-run the same command\.\n$/);
  });

  describe('and comes back', () => {
    let server: LlamaOpenAIServer;
    let proxy: FaultProxy;
    let down = true;
    beforeAll(async () => {
      server = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1 });
      // While "down" every connection is dropped; the same address then forwards to the model.
      proxy = await startFaultProxy({ upstream: server.baseURL, plan: () => (down ? { kind: 'reset' } : undefined) });
    });
    afterAll(async () => {
      await proxy.close();
      await server.close();
    });

    it('a re-run retries the failed samples and reports them', async () => {
      const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'run');
      down = true;
      expect((await record(dir, proxy.baseURL)).code).toBe(1);
      down = false;
      const again = await quorum(['eval', '--dataset', 'toy-arith-dev', '--base-url', proxy.baseURL, '--model', 'toy-arith', '--n', '2', '--limit', '2', '--max-tokens', '64', '--data-dir', SHARED_DIR, '--out', dir]);
      expect(again.stderr).toMatch(/record run: 4 samples generated \(\d+ retried\), 0 already stored, 0 failed/);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/run, 2 questions, 2 samples each/);
      expect(readRun(dir).byQuestion.get(readRun(dir).manifest.dataset.questions[0]?.id ?? '')?.every((s) => s.status !== 'error')).toBe(true);
    });

    it('--no-retry keeps the failed samples as they are and draws nothing for them', async () => {
      const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'run');
      down = true;
      expect((await record(dir, proxy.baseURL)).code).toBe(1);
      down = false;
      const failedBefore = [...readRun(dir).byQuestion.values()].flat().filter((s) => s.status === 'error').length;
      expect(failedBefore).toBeGreaterThan(0);
      const base = ['eval', '--dataset', 'toy-arith-dev', '--base-url', proxy.baseURL, '--model', 'toy-arith', '--n', '2', '--limit', '2', '--max-tokens', '64', '--data-dir', SHARED_DIR, '--out', dir];
      const kept = await quorum([...base, '--no-retry']);
      expect(kept.stderr).toMatch(new RegExp(`record run: ${4 - failedBefore} samples generated,`));
      expect([...readRun(dir).byQuestion.values()].flat().filter((s) => s.status === 'error')).toHaveLength(failedBefore);
      const both = await quorum([...base, '--no-retry', '--retry-failed']);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/give --retry-failed or --no-retry, not both/);
    });
  });
});

describe('a run folder with a damaged line in the middle', () => {
  it('recording into it, evaluating it and reporting it each print one line naming the file and line, exit 1', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-')), 'run');
    const argv = ['eval', '--dataset', 'toy-arith-dev', '--limit', '2', '--n', '2', '--model', MODELS.toyArith, '--threads', '1', '--max-tokens', '64', '--data-dir', SHARED_DIR, '--out', dir, '--quiet'];
    expect((await quorum(argv)).code).toBe(0);
    const file = path.join(dir, 'samples.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = '{"question": damaged';
    writeFileSync(file, lines.join('\n'));
    const damaged = new RegExp(`^quorum (eval|report): ${file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: invalid JSON; expected one JSON object per line; the run store is damaged \\(restore it or start a new run\\)\\n$`);
    for (const command of [argv.map((a) => (a === '2' && argv[argv.indexOf(a) - 1] === '--n' ? '3' : a)), ['eval', '--run', dir, '--quiet'], ['report', dir, '--quiet']]) {
      const result = await quorum(command);
      expect(result.stderr, command.join(' ')).toMatch(damaged);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
    }
  });
});
