/**
 * A run recorded with self-feedback (quorum eval --dataset … --refine 1) stores its feedback calls, and
 * `quorum eval --run` re-evaluates loops and verification-based strategies from them with no new calls.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quorum as runQuorum } from '../cli/__fixtures__/run-quorum.js';
import { MODELS, TEST_OUTPUT_DIR } from '../../test/shared.js';
import { toyArithAnswers } from '../answers/toy-arith.js';
import { readCalls } from './store/call-log.js';

/** `quorum eval …` in-process; its stdout, and a failure when it exits non-zero. */
const quorum = async (...args: string[]): Promise<string> => {
  const ran = await runQuorum(['eval', ...args]);
  if (ran.code !== 0) throw new Error(`quorum eval exited ${ran.code}: ${ran.stderr}`);
  return ran.stdout;
};
const rows = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('recording self-feedback with a run', () => {
  it('stores every check and revision, and --run replays them to the same figures', async () => {
    const dir = path.join(TEST_OUTPUT_DIR, 'feedback-run');
    rmSync(dir, { recursive: true, force: true });
    const evaluated = ['--strategy', 'majority,verified-vote,solve-detect-verify', '--refine', '1', '--seeds', '2', '--json', '--quiet'];
    const recorded = rows(
      await quorum('--dataset', 'toy-arith-dev', '--limit', '5', '--model', MODELS.toyArithSf, '--n', '4', '--temperature', '1', '--max-tokens', '96', '--threads', '1', '--parallel', '4', '--out', dir, ...evaluated),
    );
    const calls = readCalls(dir, toyArithAnswers);
    expect([...calls.keys()]).toHaveLength(5);
    const stages = new Set([...calls.values()].flat().map((c) => c.stage));
    expect(stages.has('step-check')).toBe(true);
    const replayed = rows(await quorum('--run', dir, '--n', '1,2,4', ...evaluated));
    expect(replayed).toEqual(recorded);
    for (const row of replayed.filter((r) => r['failures_per_question'] !== undefined)) expect(row['failures_per_question']).toBe(0);
    expect(replayed.map((r) => r['strategy'])).toContain('refine:rounds=1+verified-vote');
  });
});
