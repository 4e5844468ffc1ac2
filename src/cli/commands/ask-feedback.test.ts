import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quorum, type QuorumRun } from '../__fixtures__/run-quorum.js';
import { MODELS } from '../../../test/shared.js';

const QUESTION = 'Noah owns 38 apples. He gives 2 friends 12 each. The number of apples triples. How many apples does he have?';
const model = ['--model', MODELS.toyArithSf, '--threads', '1', '-t', '1', '--seed', '7'];

const quorumAsk = (args: string[]): Promise<QuorumRun> => quorum(['ask', ...args]);

describe('quorum ask with self-feedback on toy-arith-sf', () => {
  it('--refine 1 --verify rederive: every sample checked, failed ones revised, all calls counted', async () => {
    const { code, stdout } = await quorumAsk([...model, '-n', '6', '--refine', '1', '--verify', 'rederive', '--json', QUESTION]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { answer: string; usage: { calls: number }; feedback: { method: string }; texts: { checks?: { verifier: string }[]; revises?: { of: number } }[] };
    expect(out.feedback.method).toBe('refine');
    const solutions = out.texts.filter((t) => t.revises === undefined);
    expect(solutions).toHaveLength(6);
    expect(solutions.every((t) => t.checks?.[0]?.verifier === 'rederive')).toBe(true);
    expect(out.usage.calls).toBeGreaterThan(6);
  });

  it('--strategy solve-detect-verify stops at the first checked answer and says so', async () => {
    const { code, stdout } = await quorumAsk([...model, '-n', '16', '--strategy', 'solve-detect-verify', '--verify', 'rederive', QUESTION]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/strategy solve-detect-verify/);
    expect(stdout).toMatch(/feedback: solve-detect-verify: \d+ checks \(1 passed\)/);
  });

  it('--strategy auto follows a saved allocation decision', async () => {
    const file = path.join(os.tmpdir(), `quorum-decision-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ kind: 'quorum-allocation-decision', method: 'solve-detect-verify', n: 4, strategy: 'majority', loop: { method: 'solve-detect-verify', verifier: 'rederive' }, fitAccuracy: 90, heldOutAccuracy: 89, heldOutTokens: 100, source: 'test' }));
    const { code, stdout } = await quorumAsk([...model, '--strategy', 'auto', '--decision', file, QUESTION]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/strategy solve-detect-verify/);
  });

  it.each([
    [['--refine', '1', '--stop', 'beta'], /--stop and self-feedback \(refine\) cannot be combined/],
    [['--verify', 'oracle'], /unknown verifier "oracle"/],
    [['--strategy', 'auto'], /--strategy auto follows an allocation decision: give --decision <file>/],
    [['--refine', '1', '--strategy', 'magicore'], /--refine and --strategy magicore are two loops/],
    [['--templates', 'klingon', '--verify', 'rederive'], /unknown template set "klingon"/],
  ])('refuses %j before loading a model (exit 2)', async (args, message) => {
    const { code, stderr } = await quorumAsk([...model, ...args, QUESTION]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
