/**
 * The suite's closing line on real vitest runs of fixture files: a file whose beforeAll throws, a
 * file that cannot import, and a rejection outside any test are all failures in the count.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './shared.js';

const CONFIG = path.join(REPO_ROOT, 'test', '__fixtures__', 'summary', 'vitest.config.ts');

/** Runs vitest on the fixture files named (all of them by default); resolves with its exit code and closing line. */
async function vitest(...files: string[]): Promise<{ code: number; line: string }> {
  const args = [path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', CONFIG, ...files];
  const settled = await promisify(execFile)(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, CI: '1' } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  return { code: settled.code, line: settled.stdout.trimEnd().split('\n').at(-1) ?? '' };
}

describe('summary reporter', () => {
  it('counts a file whose setup failed as a failure, as vitest does', async () => {
    const run = await vitest('failing-setup');
    expect(run.code).toBe(1);
    expect(run.line).toBe('Tests: 0 passed, 1 failed (0 tests, 1 file failed outside its tests, 0 errors outside tests), 1 skipped');
  });

  it('adds files that cannot load and errors outside tests to the failures', async () => {
    const run = await vitest();
    expect(run.code).toBe(1);
    expect(run.line).toBe('Tests: 2 passed, 3 failed (0 tests, 2 files failed outside their tests, 1 error outside tests), 2 skipped');
  });

  it('says 0 failed only for a run that passed', async () => {
    const run = await vitest('passing');
    expect(run.code).toBe(0);
    expect(run.line).toBe('Tests: 1 passed, 0 failed, 1 skipped');
  });
});
