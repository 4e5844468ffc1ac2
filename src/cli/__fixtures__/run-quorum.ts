/**
 * Runs `quorum` the two ways tests need: in-process through the same entry as the bin (`runCli`,
 * streams captured, an environment of the test's choosing), and, for the few behaviours of the
 * process itself (exit codes, pipes), by spawning `bin/quorum.js`, which runs dist/.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../../test/shared.js';
import { runCli } from '../cli.js';
import type { Env } from '../command.js';

export interface QuorumRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Streams that collect what a command writes. */
export function captureIo(): { io: { stdout: { write(text: string): boolean }; stderr: { write(text: string): boolean } }; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (text) => out.push(text) > 0 }, stderr: { write: (text) => err.push(text) > 0 } },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

/** `quorum …` in this process, with only `env` as its environment (none of the caller's QUORUM_* or OPENAI_* variables). */
export async function quorum(argv: readonly string[], env: Env = {}): Promise<QuorumRun> {
  const captured = captureIo();
  const code = await runCli(argv, captured.io, env);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** The process environment without QUORUM_* and OPENAI_* variables, plus `env`. */
export const cleanEnv = (env: Env = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(QUORUM|OPENAI)_/.test(name))),
  ...env,
});

/** `node bin/quorum.js …` as a user would run it, from the repository root. */
export async function spawnQuorum(argv: readonly string[], env: Env = {}): Promise<QuorumRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/quorum.js', ...argv], { cwd: REPO_ROOT, env: cleanEnv(env) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
