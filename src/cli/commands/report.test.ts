import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../../test/shared.js';
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
