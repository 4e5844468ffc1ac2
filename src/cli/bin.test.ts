/**
 * The `quorum` process itself, through bin/quorum.js (which runs dist/): its exit codes reach the
 * shell, and a reader that closes the pipe early ends it quietly with 0. Everything else about the
 * commands is tested in-process.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedPath } from '../../test/shared.js';
import { cleanEnv, spawnQuorum } from './__fixtures__/run-quorum.js';
import { packageManifest } from './package-root.js';

const boinfGlob = sharedPath('data', 'samples', 'boinf', '*.jsonl');
const boinf = sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl');

/** Runs `bin/quorum.js …` into a shell pipe ending in `reader`; resolves with quorum's own exit code and stderr. */
function pipedInto(argv: readonly string[], reader: string): Promise<{ code: number; stderr: string; read: string }> {
  const quoted = argv.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const script = `node bin/quorum.js ${quoted} 2>"$ERR" | ${reader}; echo "exit=\${PIPESTATUS[0]}" >&2; cat "$ERR" >&2`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `ERR=$(mktemp); ${script}; rm -f "$ERR"`], { cwd: REPO_ROOT, env: cleanEnv() });
    let read = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const [status, ...rest] = stderr.split('\n');
      resolve({ code: Number(status?.replace('exit=', '')), stderr: rest.join('\n'), read });
    });
  });
}

describe('bin/quorum.js', () => {
  it('passes the exit code to the shell: 0, 1 and 2', async () => {
    const version = await spawnQuorum(['--version']);
    expect(version).toEqual({ code: 0, stdout: `quorum ${packageManifest().version}\n`, stderr: '' });
    const failed = await spawnQuorum(['eval', '--run', sharedPath('no-such-run'), '--quiet']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^quorum eval: .*no-such-run is not a run folder/);
    const refused = await spawnQuorum(['ask', '--temperature', '-1', 'q']);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'quorum ask: --temperature must be a number from 0 to 2, got "-1"\n' });
  });

  it('eval --json | head -1 ends quietly with 0', async () => {
    const piped = await pipedInto(['eval', '--samples', boinfGlob, '--n', '1,all', '--seeds', '2', '--json', '--quiet'], 'head -1');
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.read)).toMatchObject({ strategy: 'majority' });
  });

  it('report | head -c 10 ends quietly with 0', async () => {
    const piped = await pipedInto(['report', boinf, '--seeds', '2', '--quiet'], 'head -c 10');
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    expect(piped.read).toBe('<!doctype ');
  });
});
