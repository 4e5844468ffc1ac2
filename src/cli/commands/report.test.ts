import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../../test/shared.js';
import { openRunForWriting } from '../../eval/store/run-store.js';
import type { StoredSample } from '../../recordings/stored-sample.js';
import { quorum } from '../__fixtures__/run-quorum.js';
import { run } from './report.js';

const boinf = (name: string): string => sharedPath('data', 'samples', 'boinf', `analysis_${name}.jsonl`);

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } };
};

describe('quorum report', () => {
  it('compares by default only the strategies the samples support: no weighted without logprobs, no ensemble with one model', async () => {
    const { out, err, io } = capture();
    const code = await run([boinf('aime2025_gpt-oss-20b'), '--format', 'json', '--stops', 'none', '--n', '1,all', '--seeds', '2', '--quiet'], io);
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out.join('')) as { rows: { strategy: string }[] };
    expect([...new Set(report.rows.map((r) => r.strategy))]).toEqual(['majority']);
  });

  it.each([
    [['--format', 'bogus'], 'quorum report: --format must be one of html, md, json, got "bogus"\n'],
    [['--stops', 'deepconf'], 'quorum report: stop rule deepconf-high(16,2048,0.95) needs streamed top-k logprobs, which recorded samples do not have; run it live\n'],
  ])('exits 2 on %j before reading the source (a missing file would exit 1)', async (options, message) => {
    const { out, err, io } = capture();
    const code = await run([boinf('no-such-model'), ...options, '--quiet'], io);
    expect(err.join('')).toBe(message);
    expect(code).toBe(2);
    expect(out).toEqual([]);
  });

  it('rejects a stop rule that recorded samples cannot serve with exit 2, also among other rules on a real file', async () => {
    const { out, err, io } = capture();
    const code = await run([boinf('aime2025_gpt-oss-20b'), '--format', 'json', '--stops', 'esc;deepconf', '--n', '1', '--seeds', '1'], io);
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/^quorum report: stop rule deepconf-\S+ needs streamed top-k logprobs/);
    expect(out).toEqual([]);
  });
});

/** A run folder of two exact-answer questions: q1 has one good and one failed sample, q2 only failed ones. */
async function runWithFailures(): Promise<string> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'quorum-report-')), 'run');
  const writer = openRunForWriting(dir, {
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    dataset: { ref: 'mine.jsonl', kind: 'exact', template: '{question}', questions: [{ id: 'q1', answer: '4', prompt: '2+2?' }, { id: 'q2', answer: '6', prompt: '3+3?' }] },
    backend: { id: 'openai:m', settings: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' } },
    sampling: { temperature: 0.8, topP: 1, maxTokens: 64, stopSequences: ['\n'], logprobs: true },
    seed: 0,
    n: 2,
  });
  const base = { seed: 0, tokens: 1, usage: { promptTokens: 1, completionTokens: 1, calls: 1 }, latencyMs: 1, finishedAt: 1 };
  const ok = (question: string, index: number): StoredSample => ({ ...base, question, index, text: '4', answer: '4', finishReason: 'stop', status: 'ok' });
  const failed = (question: string, index: number): StoredSample => ({ ...base, question, index, text: '', answer: null, tokens: 0, finishReason: 'error', status: 'error', error: 'could not reach the server' });
  for (const sample of [ok('q1', 0), failed('q1', 1), failed('q2', 0), failed('q2', 1)]) writer.append(sample);
  await writer.close();
  return dir;
}

describe('quorum report and eval --run on a run with failed samples', () => {
  it('shows the settings in words and says how many samples failed and which questions were left out', async () => {
    const dir = await runWithFailures();
    const report = await quorum(['report', dir, '--format', 'md', '--out', path.join(dir, 'report.md'), '--stops', 'none', '--seeds', '2', '--quiet']);
    expect(report.stderr).toBe(`quorum report: wrote ${path.join(dir, 'report.md')}\n`);
    expect(report.code).toBe(0);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toContain('- **sampling**: temperature 0.8, top-p 1, at most 64 tokens, stop at "\\n", logprobs\n');
    expect(md).toContain('- **samples stored**: 4 (3 failed, not counted; re-running the recording retries them)\n');
    expect(md).toContain('- **questions without a usable sample**: 1 (left out of every figure)\n');
    expect(md).not.toContain('{"temperature"');

    const evaluated = await quorum(['eval', '--run', dir, '--n', '1', '--seeds', '2', '--quiet']);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/\n {2}run, 1 questions \(accuracy over these; 1 more without a usable sample, every one failed: re-run to retry them\), 1 samples each\n/);
    const json = await quorum(['eval', '--run', dir, '--n', '1', '--seeds', '2', '--json', '--quiet']);
    expect(JSON.parse(json.stdout)).toMatchObject({ questions: 1, questions_without_usable_sample: 1, accuracy: 100 });
  });
});
