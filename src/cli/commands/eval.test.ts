import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedPath } from '../../../test/shared.js';
import { quorum, type QuorumRun } from '../__fixtures__/run-quorum.js';

const boinf = (name: string): string => sharedPath('data', 'samples', 'boinf', `analysis_${name}.jsonl`);
const garbled = path.join(REPO_ROOT, 'src', 'recordings', '__fixtures__', 'garbled-json.jsonl');

/** `quorum eval …` in-process; resolves with the exit code and both streams. */
const quorumEval = (...args: string[]): Promise<QuorumRun> => quorum(['eval', ...args]);

const FIELDS = ['file', 'strategy', 'stop', 'n', 'accuracy', 'ci95', 'tokens_per_question', 'samples_per_question', 'abstain_rate'];

describe('quorum eval', () => {
  it('--json reproduces single -> majority of all on the three BoInf check files', async () => {
    const files = [boinf('aime2025_gpt-oss-20b'), boinf('aime2025_Phi-4-reasoning'), boinf('math500_Qwen3-14B')];
    const { code, stdout, stderr } = await quorumEval('--samples', files.join(','), '--strategy', 'majority', '--n', '1,4,16,all', '--seeds', '20', '--json');
    expect(code).toBe(0);
    expect(stderr).toMatch(/analysis_math500_Qwen3-14B\.jsonl: 4 rows over 500 questions/); // plain progress line, not a TTY bar
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(12);
    for (const row of rows) for (const field of FIELDS) expect(row).toHaveProperty(field);
    const check = (file: string, single: number, all: number): void => {
      const row = rows.find((r) => r['file'] === file && r['n'] === 'all')!;
      expect(Math.abs((row['single_accuracy'] as number) - single)).toBeLessThan(0.05);
      expect(Math.abs((row['accuracy'] as number) - all)).toBeLessThan(0.05);
    };
    check(files[0]!, 73.7, 90.0);
    check(files[1]!, 64.3, 83.3);
    check(files[2]!, 94.6, 95.6);
    const n16 = rows.find((r) => r['file'] === files[0] && r['n'] === 16)!;
    expect(n16).toMatchObject({ strategy: 'majority', stop: 'fixed', samples_per_question: 16, trials: 20 });
    expect((n16['ci95'] as number[])[0]).toBeLessThan(n16['accuracy'] as number);
  });

  it('prints a table per file for a glob in the file name', async () => {
    const pattern = path.join(path.dirname(boinf('x')), 'analysis_aime2025_*.jsonl');
    const { code, stdout } = await quorumEval('--samples', pattern, '--n', '1,all', '--seeds', '3', '--quiet');
    expect(code).toBe(0);
    expect(stdout.match(/single-sample accuracy/g)).toHaveLength(5);
    expect(stdout).toMatch(/analysis_aime2025_gpt-oss-20b\.jsonl\n {2}boinf, 30 questions, 100 samples each\n {2}single-sample accuracy 73\.7 %/);
    expect(stdout).toMatch(/majority\s+fixed\s+all\s+90\.0\s+\[/);
  });

  it('reports a garbled file with its line and still evaluates the good one', async () => {
    const { code, stdout, stderr } = await quorumEval('--samples', `${garbled},${boinf('aime2025_Qwen3-4B')}`, '--n', 'all', '--json', '--quiet');
    expect(code).toBe(1);
    expect(stderr).toMatch(/garbled-json\.jsonl:2: invalid JSON.*expected one JSON object per line/);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ n: 'all', strategy: 'majority' });
  });

  it('refuses weighted on samples without logprobs, naming what is missing and what to do', async () => {
    const { code, stdout, stderr } = await quorumEval('--samples', boinf('aime2025_gpt-oss-20b'), '--strategy', 'weighted', '--n', 'all', '--quiet');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('quorum eval: weighted needs per-token logprobs, and no usable sample has it; request it from the backend or use majority, or weight=score for reward-model scores\n');
  });

  it('rejects bad options with exit code 2 and a pointer to the fix', async () => {
    const unknownOption = await quorumEval('--samples', boinf('aime2025_Qwen3-4B'), '--bogus');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toBe('quorum eval: unknown option --bogus (run "quorum eval --help" for the options)\n');
    const misspelt = await quorumEval('--samples', boinf('aime2025_Qwen3-4B'), '--strategis', 'majority');
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/^quorum eval: unknown option --strategis; did you mean --strategies\?/);
    expect(unknownOption.stderr).not.toContain('quorum eval: quorum eval');
    const unknownStrategy = await quorumEval('--samples', boinf('aime2025_Qwen3-4B'), '--strategy', 'majority,nope');
    expect(unknownStrategy.code).toBe(2);
    expect(unknownStrategy.stderr).toMatch(/unknown strategy "nope"; choose one of: majority/);
    const badN = await quorumEval('--samples', boinf('aime2025_Qwen3-4B'), '--n', '4,zero');
    expect(badN.code).toBe(2);
    expect(badN.stderr).toMatch(/--n must be an integer ≥ 1, got "zero"/);
    const negativeSeed = await quorumEval('--samples', boinf('aime2025_Qwen3-4B'), '--n', 'all', '--seed', '-5', '--json', '--quiet');
    expect(negativeSeed.stderr).toBe('');
    expect(negativeSeed.code).toBe(0);
    const misspeltStopOption = await quorumEval('--samples', boinf('aime2025_Qwen3-4B'), '--stop', 'beta:treshold=0.9');
    expect(misspeltStopOption.code).toBe(2);
    expect(misspeltStopOption.stderr).toBe('quorum eval: stop rule "beta:treshold=0.9": beta has no option "treshold"; its options are threshold\n');
    const streamOnlyRule = await quorumEval('--samples', boinf('aime2025_Qwen3-4B'), '--stop', 'deepconf');
    expect(streamOnlyRule.code).toBe(2);
    expect(streamOnlyRule.stdout).toBe('');
    expect(streamOnlyRule.stderr).toBe('quorum eval: stop rule deepconf-high(16,2048,0.95) needs streamed top-k logprobs, which recorded samples do not have; run it live\n');
  });
});
