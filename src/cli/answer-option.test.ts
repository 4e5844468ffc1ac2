import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/shared.js';
import { run } from './commands/eval.js';
import { resolveAnswerOption } from './answer-option.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'answers.md'), 'utf8');
const recording = 'src/answers/__fixtures__/docs/formulas.quorum.jsonl';

/** `quorum eval` in-process from the repository root, as the docs run it. */
async function evalCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  try {
    const code = await run(argv, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(cwd);
  }
}

describe('--answer', () => {
  it('loads a module kind and grades with it: the worked example of docs/answers.md', async () => {
    const result = await evalCli('--samples', recording, '--answer', './src/answers/__fixtures__/docs/formula-kind.mjs', '--n', 'all', '--json', '--quiet');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ single_accuracy: 66.6667, accuracy: 100 });
    expect(doc).toContain(result.stdout.trim());
  });

  it('builds a regex kind, folded with ,fold (--answers is the same option)', async () => {
    const result = await evalCli('--samples', recording, '--answers', 'regex:Answer: (.+),fold', '--n', 'all', '--json', '--quiet');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ single_accuracy: 83.3333 });
    expect(doc).toContain(result.stdout.trim());
  });

  it('regrades a stored run with another kind, leaving the run as it was', async () => {
    const result = await evalCli('--run', 'src/eval/store/__fixtures__/docs-run', '--answer', 'regex:(\\d+)\\.$', '--n', 'all', '--json', '--quiet');
    expect(result.code).toBe(0);
    // The only finished sample ends "… is 78.": right under this pattern too; the failed one is left out of the pool.
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'run', accuracy: 100, single_accuracy: 100 });
  });

  it('refuses a missing module, one that fails to load and one that exports no kind, with exit 2', async () => {
    const cases: [string, RegExp][] = [
      ['./no-such-kind.mjs', /--answer: no such module \.\/no-such-kind\.mjs/],
      ['./src/cli/__fixtures__/throws-on-load.mjs', /could not be loaded: boom while loading/],
      ['./src/cli/__fixtures__/not-a-kind.mjs', /does not export an answer kind \(normalize must be a function\)/],
      ['regex:(', /is not a valid regular expression/],
      ['maths', /--answer: unknown answer kind "maths"/],
    ];
    for (const [spec, message] of cases) {
      const result = await evalCli('--samples', recording, '--answer', spec, '--quiet');
      expect(result.code, spec).toBe(2);
      expect(result.stderr, spec).toMatch(message);
      expect(result.stderr, spec).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('resolves names, dataset kinds and regex specs without a file', async () => {
    expect((await resolveAnswerOption('game24')).check).toBeTypeOf('function');
    expect((await resolveAnswerOption('toy-arith')).name).toBe('toy-arith');
    expect((await resolveAnswerOption('regex:\\b\\d{1,3}\\b')).extract('12 345 6789')).toBe('345');
  });
});
