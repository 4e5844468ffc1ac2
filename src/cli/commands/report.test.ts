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
  it('compares by default only the strategies the samples support: no weighted without logprobs', async () => {
    const { out, err, io } = capture();
    const code = await run([boinf('aime2025_gpt-oss-20b'), '--format', 'json', '--stops', 'none', '--n', '1,all', '--seeds', '2', '--quiet'], io);
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out.join('')) as { rows: { strategy: string }[] };
    expect([...new Set(report.rows.map((r) => r.strategy))]).toEqual(['majority', 'ensemble']);
  });
});
