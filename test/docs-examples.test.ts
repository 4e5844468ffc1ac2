/**
 * Every command example in the README and docs/ prints what the docs show (see docs-examples.ts;
 * `npx tsx test/docs-examples.ts --write` regenerates them), and the checker itself would notice drift.
 */
import { describe, expect, it } from 'vitest';
import { findExamples, matchesExample, runAllExamples, splitCommandLine } from './docs-examples.js';

describe('docs examples', () => {
  it('print what the docs show', async () => {
    const results = await runAllExamples(false);
    expect(results.length).toBeGreaterThanOrEqual(12);
    const stale = results.filter((r) => !r.ok).map((r) => `${r.example.file}:${r.example.line}: $ quorum ${r.example.commandLine}\n${r.actual.join('\n')}`);
    expect(stale).toEqual([]);
  }, 300_000);

  it('compare line by line, with … for any lines and timings masked', () => {
    const actual = ['a', 'record x: 160 samples generated in 8.5 s', 'b', 'c', 'time: 0.32 s   seed: 1'];
    expect(matchesExample(['a', 'record x: 160 samples generated in 9.1 s', '…', 'time: 0.40 s   seed: 1'], actual)).toBe(true);
    expect(matchesExample(['a', '…', 'c', '…'], actual)).toBe(true);
    expect(matchesExample(['a', 'b', '…'], actual)).toBe(false);
    expect(matchesExample(['a', '…', 'time: 0.40 s   seed: 2'], actual)).toBe(false);
    expect(matchesExample(['a'], actual)).toBe(false);
  });

  it('find examples by their marker and split their command lines as a shell would', () => {
    const text = ['intro', '<!-- example -->', '```', '$ npx quorum ask --seed 1 "What is 2 + 2?"', 'answer: 4', '```', 'after'].join('\n');
    const [example] = findExamples('x.md', text);
    expect(example).toMatchObject({ line: 4, argv: ['ask', '--seed', '1', 'What is 2 + 2?'], expected: ['answer: 4'], bodyStart: 4, bodyEnd: 5 });
    expect(splitCommandLine(`eval --samples '../a b/*.jsonl' --n 1,4`)).toEqual(['eval', '--samples', '../a b/*.jsonl', '--n', '1,4']);
    expect(() => findExamples('x.md', '<!-- example -->\n```\nnpm test\n```')).toThrow(/must be followed by a fenced block starting with "\$ quorum …"/);
  });
});
