/** docs/eval.md against the code that prints what it describes: every JSON field and table column, and the doc links in sources. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/shared.js';
import { formatJsonRow } from './format-json-row.js';
import { formatPoolTable } from './format-table.js';
import type { EvalRow } from './row-accumulator.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'eval.md'), 'utf8');

const row: EvalRow = {
  strategy: 'majority',
  stop: 'fixed',
  n: 'all',
  questions: 1,
  trials: 1,
  accuracy: 100,
  ci95: [100, 100],
  passAtN: 100,
  seedSd: 0,
  tokensPerQuestion: 10,
  samplesPerQuestion: 1,
  abstainRate: 0,
  calibration: { ece: 0, brier: 0, auroc: Number.NaN, aurc: 0 },
};

describe('docs/eval.md', () => {
  it('names every field of a --json row', () => {
    const fields = Object.keys(JSON.parse(formatJsonRow({ file: 'f.jsonl', format: 'boinf', singleAccuracy: 100 }, row)) as object);
    expect(fields).toContain('aurc');
    for (const field of fields) expect(doc, field).toContain(`"${field}":`);
    for (const field of ['ece', 'brier', 'auroc', 'aurc']) expect(doc, field).toContain(`\`${field}\``);
  });

  it('shows the table header quorum eval prints', () => {
    const table = formatPoolTable({ file: 'f.jsonl', format: 'boinf', questions: 1, ungraded: 0, withoutUsableSample: 0, poolSizes: [1, 1], singleAccuracy: 100 }, [row]);
    const header = table.split('\n')[3] as string;
    expect(header.trim().split(/\s{2,}/)).toEqual(expect.arrayContaining(['ECE', 'Brier', 'AUROC']));
    const documented = doc.split('\n').find((line) => line.trim().startsWith('strategy  stop'));
    expect(documented?.trim().split(/\s{2,}/)).toEqual(header.trim().split(/\s{2,}/));
  });

  it('points to recording.md for --dataset and --run, and every source under src/ points only to docs that exist', () => {
    expect(doc).toMatch(/--dataset[\s\S]*--run[\s\S]*\(recording\.md\)/);
    const sources = readdirSync(path.join(REPO_ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(REPO_ROOT, 'src', file));
    const links = sources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/docs\/[\w-]+\.md/g)].map((m) => m[0]));
    expect(links).toContain('docs/recording.md');
    expect(links).toContain('docs/answers.md'); // src/answers, outside the CLI and eval folders
    for (const link of new Set(links)) expect(existsSync(path.join(REPO_ROOT, link)), link).toBe(true);
  });
});
