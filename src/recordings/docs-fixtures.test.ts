/**
 * Every file a page of docs/ (or the README) shows is a fixture the tests load: the page marks the
 * block with `<!-- fixture: path -->`, the block must equal the file, and each file loads as what the
 * page says it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/shared.js';
import { isCorrectAnswer } from '../eval/eval-question.js';
import { loadDataset } from '../eval/datasets/registry.js';
import { runPool } from '../eval/store/run-pool.js';
import { readRun } from '../eval/store/run-store.js';
import { loadSamplePool } from './load-sample-pool.js';

const pages = [...readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f)), 'README.md'];
const MARKED = /<!-- fixture: (\S+) -->\n```\w*\n([\s\S]*?)```/g;
const shown = pages.flatMap((page) =>
  [...readFileSync(path.join(REPO_ROOT, page), 'utf8').matchAll(MARKED)].map((m) => ({ page, file: m[1] as string, block: m[2] as string })),
);
const at = (file: string): string => path.join(REPO_ROOT, file);

describe('files shown in the docs', () => {
  it('are the fixtures, byte for byte', () => {
    expect(shown.map((s) => `${s.page}: ${s.file}`)).toEqual(
      expect.arrayContaining([
        'docs/sample-format.md: src/recordings/__fixtures__/docs/sample-format.quorum.jsonl',
        'docs/recording.md: src/eval/datasets/__fixtures__/docs/apples.jsonl',
        'docs/recording.md: src/eval/store/__fixtures__/docs-run/manifest.json',
        'docs/recording.md: src/eval/store/__fixtures__/docs-run/samples.jsonl',
        'docs/answers.md: src/answers/__fixtures__/docs/formula-kind.mjs',
      ]),
    );
    for (const { page, file, block } of shown) expect(block, `${page} shows ${file}`).toBe(readFileSync(at(file), 'utf8'));
  });

  it('sample-format.md: the quorum JSONL example loads, empty and failed samples as non-voting ones, the puzzle graded by its checker', async () => {
    const pool = await loadSamplePool(at('src/recordings/__fixtures__/docs/sample-format.quorum.jsonl'));
    const [math, puzzle] = pool.questions;
    expect(math?.samples.map((s) => [s.status, s.answer])).toEqual([
      ['ok', '70'],
      ['ok', '70'],
      ['ok', null],
      ['ok', null], // the empty completion
      ['error', null],
    ]);
    expect(math?.samples[4]?.error?.message).toBe('HTTP 500 from server: overloaded');
    expect(puzzle).toMatchObject({ gold: null, question: '4 7 8 8' });
    expect(puzzle?.samples.map((s) => isCorrectAnswer(s.answer ?? null, puzzle))).toEqual([true, false]);
  });

  it('recording.md: both dataset files load and their golds are read', () => {
    const apples = loadDataset(at('src/eval/datasets/__fixtures__/docs/apples.jsonl'), { sharedDir: REPO_ROOT });
    expect(apples).toMatchObject({ kind: 'number', items: [{ answer: '#### 33' }, { answer: '$9.00' }] });
    const primes = loadDataset(at('src/eval/datasets/__fixtures__/docs/primes.jsonl'), { sharedDir: REPO_ROOT });
    expect(primes.kind).toBe('choice');
  });

  it('recording.md: the run folder reads and grades, its failed sample kept in the folder and out of the pool', () => {
    const run = readRun(at('src/eval/store/__fixtures__/docs-run'));
    const [question] = runPool(run).questions;
    expect(question?.gold).toBe('78');
    expect(question?.samples.map((s) => [s.status, s.answer, s.tokens])).toEqual([['ok', '78', 20]]);
    const stored = [...run.byQuestion.values()].flat();
    expect(stored.map((s) => s.status === 'error')).toEqual([false, true]);
    expect(stored[1]?.error).toMatch(/HTTP 503 from server: loading model/);
  });
});
