import { describe, expect, it } from 'vitest';
import { quorum, type QuorumRun } from '../__fixtures__/run-quorum.js';
import { sharedPath } from '../../../test/shared.js';

const quorumEval = (...args: string[]): Promise<QuorumRun> => quorum(['eval', ...args]);

const records = sharedPath('models', 'toy-arith-sf', 'dev-feedback-samples.jsonl');
const problems = sharedPath('models', 'toy-arith', 'dev.jsonl');
const gpqa = sharedPath('data', 'samples', 'sc-genrm-gpqa', 'gpqa_diamond_llama-3.3-70b.jsonl');

describe('quorum eval with self-feedback on recordings', () => {
  it('replays loops from toy-arith-sf’s recorded checks and corrections, with their cost and transitions', async () => {
    const { code, stdout, stderr } = await quorumEval('--samples', records, '--prompts', problems, '--strategy', 'majority,solve-detect-verify', '--refine', '1', '--n', '1,8', '--seeds', '2', '--json', '--quiet');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    const row = (strategy: string, n: number) => rows.find((r) => r['strategy'] === strategy && r['n'] === n)!;
    // One check-and-correct round on one solution (card: 87.0 % at 72 tokens, wrong → right 53.5 %, right → wrong 4.5 %).
    const refined = row('refine:rounds=1+majority', 1);
    expect(Math.abs(refined['accuracy'] - 87.0)).toBeLessThan(2);
    expect(Math.abs(refined['tokens_per_question'] - 72)).toBeLessThan(3);
    expect(Math.abs(refined['transitions'][0].wrong_to_right - 0.535)).toBeLessThan(0.04);
    expect(refined['transitions'][0].right_to_wrong).toBeLessThan(0.06);
    expect(refined['failures_per_question']).toBe(0);
    const sdv = row('solve-detect-verify', 8);
    expect(sdv['tokens_per_question']).toBeLessThan(0.4 * row('majority', 8)['tokens_per_question']);
    expect(sdv['calls_per_question']).toBeGreaterThan(1);
  });

  it('says what is missing when the records come without their problems', async () => {
    const { code, stderr } = await quorumEval('--samples', records, '--strategy', 'solve-detect-verify', '--n', '4', '--quiet');
    expect(code).toBe(1);
    expect(stderr).toMatch(/no recorded prompt.*--prompts models\/toy-arith\/dev\.jsonl/);
  });

  it('draws the solve/verify allocation on sc-genrm-gpqa: SC@64 is the whole verified pool, the frontier is marked', async () => {
    const { code, stdout } = await quorumEval('--samples', gpqa, '--allocation', '--solutions', '1,16,64', '--checks', '1,32', '--seeds', '5', '--json', '--quiet');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    const point = (s: number, v: number) => lines.find((l) => l['kind'] === 'allocation-point' && l['s'] === s && l['v'] === v)!;
    expect(point(64, 0)['accuracy']).toBe(50);
    expect(point(64, 32)).toMatchObject({ calls: 64 * 33, method: 'best-by-verification' });
    expect(Math.abs(point(64, 32)['accuracy'] - 50.5)).toBeLessThan(1.5);
    expect(lines.filter((l) => l['kind'] === 'allocation-frontier').length).toBeGreaterThan(5);
    expect(lines.some((l) => l['compute_optimal'] === true)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ kind: 'allocation-overtake', length_ratio: 1 });
  });

  it('rejects allocation options without --allocation', async () => {
    const { code, stderr } = await quorumEval('--samples', gpqa, '--checks', '4');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--checks applies only with --allocation/);
  });
});
