/**
 * The exit-code table, row by row, for every command: 0 done, 1 something failed after the command
 * line was accepted, 2 the command line was refused. Every failure is one line on stderr.
 */
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODELS, REPO_ROOT, sharedPath } from '../../test/shared.js';
import { deadBaseURL } from '../test-support/dead-url.js';
import { quorum } from './__fixtures__/run-quorum.js';
import { EXIT } from './exit-codes.js';
import { packageManifest } from './package-root.js';

const boinf = sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl');
const garbled = path.join(REPO_ROOT, 'src', 'recordings', '__fixtures__', 'garbled-json.jsonl');
const missing = path.join(os.tmpdir(), 'quorum-no-such-file.jsonl');
const toyArith = ['--model', MODELS.toyArith, '--threads', '1'];
let deadURL = '';

beforeAll(async () => {
  deadURL = await deadBaseURL();
});

describe('quorum exit codes', () => {
  it.each([
    // quorum itself
    ['bare quorum', [], EXIT.usage, /^quorum: give a command\n\nusage: quorum <command>/],
    ['an unknown command', ['evaluate'], EXIT.usage, /^quorum: unknown command "evaluate"; did you mean "eval"\?\n/],
    ['--help', ['--help'], EXIT.ok, /^$/],
    ['--version', ['--version'], EXIT.ok, /^$/],
    // ask
    ['ask --help', ['ask', '--help'], EXIT.ok, /^$/],
    ['ask with an unknown option', ['ask', '--bogus', 'q'], EXIT.usage, /^quorum ask: unknown option --bogus/],
    ['ask with a bad value', ['ask', '-n', '0', 'q'], EXIT.usage, /^quorum ask: --n must be an integer ≥ 1, got "0"\n$/],
    ['ask answered', ['ask', ...toyArith, '-n', '2', '--seed', '1', 'What is 2 + 3?'], EXIT.ok, /^$/],
    ['ask with a missing model', ['ask', '--model', missing, 'q'], EXIT.failure, /^quorum ask: model file not found/],
    ['ask with no usable sample because the server is down', ['ask', '--base-url', 'dead', '--model', 'm', '-n', '1', 'q'], EXIT.failure, /^quorum ask: no usable sample: 1 of 1 samples failed/],
    // eval
    ['eval --help', ['eval', '--help'], EXIT.ok, /^$/],
    ['eval with an unknown strategy', ['eval', '--samples', boinf, '--strategy', 'nope'], EXIT.usage, /^quorum eval: unknown strategy "nope"/],
    ['eval evaluated', ['eval', '--samples', boinf, '--n', 'all', '--quiet'], EXIT.ok, /^$/],
    ['eval with a garbled file', ['eval', '--samples', garbled, '--n', 'all', '--quiet'], EXIT.failure, /^quorum eval: .*garbled-json\.jsonl:2: invalid JSON/],
    ['eval of a missing run folder', ['eval', '--run', missing, '--quiet'], EXIT.failure, /^quorum eval: .* is not a run folder/],
    // report
    ['report --help', ['report', '--help'], EXIT.ok, /^$/],
    ['report with a bad format', ['report', boinf, '--format', 'pdf'], EXIT.usage, /^quorum report: --format must be one of html, md, json, got "pdf"\n$/],
    ['report written', ['report', boinf, '--format', 'md', '--n', '1,4', '--seeds', '2', '--stops', 'none', '--quiet'], EXIT.ok, /^$/],
    ['report of a missing file', ['report', missing, '--quiet'], EXIT.failure, /^quorum report: .*quorum-no-such-file\.jsonl/],
    // check, calibrate, export, serve
    ['check with no passage', ['check', '--samples', boinf], EXIT.usage, /^quorum check: give the text to check with --passage/],
    ['check of a missing passage file', ['check', '--passage', missing, '--samples', boinf], EXIT.usage, /^quorum check: cannot read the passage .*quorum-no-such-file\.jsonl/],
    ['calibrate with no --out', ['calibrate', '--run', boinf], EXIT.usage, /^quorum calibrate: give --run and --out/],
    ['calibrate of a missing run', ['calibrate', '--run', missing, '--out', path.join(os.tmpdir(), 'quorum-cal.json')], EXIT.failure, /^quorum calibrate: .*quorum-no-such-file\.jsonl/],
    ['export with a bad format', ['export', '--run', boinf, '--format', 'csv'], EXIT.usage, /^quorum export: --format must be one of sft, dpo, kto, got "csv"\n$/],
    ['serve with a bad port', ['serve', '--port', '-1'], EXIT.usage, /^quorum serve: --port must be an integer ≥ 0, got "-1"\n$/],
  ] as const)('%s exits %i', async (_, argv, code, stderr) => {
    const run = await quorum(argv.map((arg) => (arg === 'dead' ? deadURL : arg)));
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(code);
    // A failure is one line on stderr (the usage text after an unknown command apart), and nothing on stdout.
    if (code !== EXIT.ok && !run.stderr.includes('usage:')) expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    if (code === EXIT.usage) expect(run.stdout).toBe('');
  });

  it('--version prints the package version, and the command list names every command', async () => {
    expect((await quorum(['--version'])).stdout).toBe(`quorum ${packageManifest().version}\n`);
    const help = (await quorum(['--help'])).stdout;
    for (const name of ['ask', 'eval', 'report', 'check', 'calibrate', 'export', 'serve']) expect(help).toMatch(new RegExp(`\n  ${name} +\\S`));
    expect(help).toContain('Exit codes: 0 done, 1 something failed after the command line was accepted, 2 the command line was refused.');
  });

  it('an unexpected error is one line that says how to see its stack; --debug and QUORUM_DEBUG=1 print the stack', async () => {
    // An answer-kind module with a bug throws a TypeError of its own, not a quorum error.
    const argv = ['eval', '--samples', boinf, '--answer', path.join(REPO_ROOT, 'src', 'cli', '__fixtures__', 'extract-throws-kind.mjs'), '--n', '1', '--seeds', '1', '--quiet'];
    const plain = await quorum(argv);
    expect(plain.code).toBe(EXIT.failure);
    expect(plain.stderr).toMatch(/^quorum eval: Cannot read properties of undefined \(reading 'such'\) \(unexpected; run with --debug for the stack\)\n$/);
    for (const [args, env] of [[[...argv, '--debug'], {}], [argv, { QUORUM_DEBUG: '1' }]] as const) {
      const debug = await quorum(args, env);
      expect(debug.code).toBe(EXIT.failure);
      expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
      expect(debug.stderr).toMatch(/\n {4}at /);
    }
  });

  it('the same option has the same bounds in every command that has it', async () => {
    const rows = [
      { option: '--seed', value: '1.5', message: '--seed must be an integer, got "1.5"' },
      { option: '--temperature', value: '2.5', message: '--temperature must be a number from 0 to 2, got "2.5"' },
      { option: '--n', value: '0', message: '--n must be an integer ≥ 1, got "0"' },
    ];
    const commands = {
      ask: (option: string, value: string) => ['ask', '--model', missing, option, value, 'q'],
      eval: (option: string, value: string) => ['eval', '--dataset', 'toy-arith-dev', '--model', missing, '--data-dir', sharedPath(), option, value],
      report: (option: string, value: string) => ['report', missing, option, value],
    };
    for (const { option, value, message } of rows) {
      for (const [name, argv] of Object.entries(commands)) {
        if (name === 'report' && option === '--temperature') continue; // report samples nothing
        const run = await quorum(argv(option, value));
        expect(run.stderr, `${name} ${option}`).toBe(`quorum ${name}: ${message}\n`);
        expect(run.code).toBe(EXIT.usage);
      }
    }
  });
});
