/**
 * Every file a command is asked to write (--out, --html): its folder is created, and a path that
 * cannot be written fails after the work with one line naming the path, exit 1, not an unexpected error.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { quorum } from './__fixtures__/run-quorum.js';
import { writeOutput } from './output-file.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-output-file-'));
const aFile = path.join(dir, 'a-file');
writeFileSync(aFile, 'not a folder');
const passage = path.join(dir, 'passage.txt');
writeFileSync(passage, 'Ann was born in Leeds. She was a doctor.');
const samples = path.join(dir, 'samples.json');
writeFileSync(samples, JSON.stringify(['Ann was born in Leeds.', 'Ann was a doctor in York.']));

const boinf = sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl');
const qwen = sharedPath('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl');

/** Each command with the option that names its output file, and what the message calls that file. */
const commands: [name: string, argv: (file: string) => string[], what: string][] = [
  ['report', (file) => ['report', boinf, '--format', 'md', '--stops', 'none', '--n', '1', '--seeds', '1', '--quiet', '--out', file], 'the report'],
  ['export', (file) => ['export', '--run', qwen, '--format', 'kto', '--labels', 'consistency', '--out', file], 'the training data'],
  ['calibrate', (file) => ['calibrate', '--run', boinf, '--draws', '1', '--out', file], 'the calibration'],
  ['check', (file) => ['check', '--passage', passage, '--samples', samples, '--html', file], 'the HTML view'],
];

describe.each(commands)('quorum %s', (name, argv, what) => {
  it('creates the folder of the file it writes', async () => {
    const file = path.join(dir, name, 'new', 'folder', 'out');
    const ran = await quorum(argv(file));
    expect(ran.code).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('says in one line which path it cannot write, and exits 1', async () => {
    const file = path.join(aFile, `${name}.out`);
    const ran = await quorum(argv(file));
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(new RegExp(`^quorum ${name}: cannot write ${what} to ${file.replaceAll('/', '\\/')}: .+\\n$`));
    expect(ran.stderr).not.toMatch(/unexpected/);
  });
});

describe('writeOutput', () => {
  it('passes on an error that is not the file system’s, so a bug is not blamed on the path', () => {
    const file = path.join(dir, 'writer', 'out.json');
    expect(() =>
      writeOutput(file, 'the thing', () => {
        throw new TypeError('a bug in what was being written');
      }),
    ).toThrow(TypeError);
  });
});
