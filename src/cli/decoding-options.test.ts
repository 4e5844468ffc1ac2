import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS, SHARED_DIR } from '../../test/shared.js';
import { useToyArithServerBehindProxy } from '../test-support/toy-arith-server.js';
import { quorum } from './__fixtures__/run-quorum.js';
import { EXIT } from './exit-codes.js';

const QUESTION = 'Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?';
const DEAD = 'http://127.0.0.1:9/v1';
const toyArith = ['--model', MODELS.toyArith, '--threads', '1', '--format', 'qa', '--max-tokens', '64'];

/** `quorum ask --json` on the embedded model: the sample texts by index. */
async function askTexts(args: string[]): Promise<string[]> {
  const run = await quorum(['ask', ...toyArith, '-n', '4', '--parallel', '1', '--seed', '5', '--json', ...args, QUESTION]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(EXIT.ok);
  const result = JSON.parse(run.stdout) as { texts: { index: number; text: string; tokens: number }[] };
  return result.texts.toSorted((a, b) => a.index - b.index).map((t) => t.text);
}

describe('--sampler and --decode on the command line', () => {
  it('refuse a malformed spec, a disagreeing shorthand, and what a server cannot run, with exit 2 before any work', async () => {
    const cases: [string[], RegExp][] = [
      [['--sampler', 'temperature=2,min_p=0.1'], /^quorum ask: sampler "temperature=2,min_p=0.1": unknown field "min_p"; the fields are temperature, top-k, top-p, min-p/],
      [['--sampler', 'temperature=2,min-p=1.5'], /min-p must be a number in \[0, 1\) \(0 = off\), got "1.5"/],
      [['--decode', 'cntp:max=1'], /decode "cntp:max=1": max must be an integer ≥ 2/],
      [['--sampler', 'temperature=2', '--temperature', '1'], /temperature is 1 but the sampler says temperature=2; give it once/],
      // A server is told nothing: the refusal comes from the command line alone (nothing listens on DEAD).
      [['--base-url', DEAD, '--model', 'm', '--sampler', 'temperature=1.5,top-h=0.4'], /top-h cannot run on an OpenAI-compatible server: .*run it on the embedded model \(--model <file.gguf>\)/],
      [['--base-url', DEAD, '--model', 'm', '--sampler', 'temperature=2,min-p=0.1,order=temperature-first'], /order=temperature-first cannot run on an OpenAI-compatible server/],
      [['--base-url', DEAD, '--model', 'm', '--decode', 'cntp'], /decode cntp:max=10,h-low=0.01,h-high=1.5 cannot run on an OpenAI-compatible server/],
    ];
    for (const [args, message] of cases) {
      const run = await quorum(['ask', ...args, QUESTION]);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(run.code).toBe(EXIT.usage);
    }
    const evalRun = await quorum(['eval', '--dataset', 'toy-arith-dev', '--base-url', DEAD, '--model', 'm', '--decode', 'cntp', '--data-dir', SHARED_DIR, '--out', mkdtempSync(path.join(os.tmpdir(), 'quorum-dec-'))]);
    expect(evalRun.stderr).toMatch(/^quorum eval: decode cntp.* cannot run on an OpenAI-compatible server/);
    expect(evalRun.code).toBe(EXIT.usage);
    const noDataset = await quorum(['eval', '--sampler', 'min-p=0.1', 'samples.jsonl']);
    expect(noDataset.stderr).toMatch(/--sampler needs --dataset/);
    expect(noDataset.code).toBe(EXIT.usage);
  });

  it('ask draws one set of samples from one seed whatever the strategy reads, with a min-p sampler and with CNTP', async () => {
    for (const spec of [['--sampler', 'temperature=2,min-p=0.1,order=temperature-first'], ['--sampler', 'temperature=1.5', '--decode', 'cntp:max=4']]) {
      const voted = await askTexts([...spec, '--strategy', 'majority']);
      expect(await askTexts([...spec, '--strategy', 'deepconf:tokenConfidence=logprob'])).toEqual(voted);
    }
  });

  it('eval --dataset records the canonical sampler in the manifest, and report shows it with its order', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-dec-'));
    const record = ['eval', '--dataset', 'toy-arith-dev', ...toyArith.slice(0, 4), '--n', '2', '--limit', '2', '--max-tokens', '64', '--data-dir', SHARED_DIR, '--out', dir, '--quiet'];
    const run = await quorum([...record, '--sampler', 'min-p=0.1,temperature=2', '--decode', 'cntp:max=3', '--parallel', '2']);
    expect(run.code).toBe(EXIT.ok);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { sampling: Record<string, unknown> };
    expect(manifest.sampling).toMatchObject({ sampler: 'temperature=2,min-p=0.1,order=truncate-first', decode: 'cntp:max=3,h-low=0.01,h-high=1.5' });
    expect(manifest.sampling['temperature']).toBeUndefined();
    // The same settings written another way resume the run: nothing new to generate.
    const again = await quorum([...record.filter((a) => a !== '--quiet'), '--temperature', '2', '--sampler', 'min-p=0.1,order=truncate-first', '--decode', 'cntp:h-high=1.5,max=3']);
    expect(again.code).toBe(EXIT.ok);
    expect(again.stderr + again.stdout).toMatch(/0 samples generated, 4 already stored/);
    const file = path.join(dir, 'report.md');
    const report = await quorum(['report', dir, '--format', 'md', '--out', file, '--seeds', '2']);
    expect(report.code).toBe(EXIT.ok);
    expect(readFileSync(file, 'utf8')).toContain('sampler temperature=2,min-p=0.1,order=truncate-first, decode cntp:max=3,h-low=0.01,h-high=1.5');
  });
});

describe('--sampler against a real OpenAI-compatible server', () => {
  const live = useToyArithServerBehindProxy();
  it('sends min_p and top_k in the request body', async () => {
    const run = await quorum(['ask', '--base-url', live.proxy.baseURL, '--model', 'toy-arith', '--format', 'qa', '-n', '2', '--seed', '1', '--max-tokens', '64', '--sampler', 'temperature=0.7,top-k=40,min-p=0.05', '--json', QUESTION]);
    expect(run.code).toBe(EXIT.ok);
    expect(live.proxy.log.at(-1)?.body).toMatchObject({ temperature: 0.7, top_k: 40, min_p: 0.05 });
  });
});
