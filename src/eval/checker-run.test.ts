/**
 * A checker task end to end: a Game of 24 dataset with no gold answers is recorded into a run folder
 * (from a replay of model texts), read back, and graded by the checker, ties split.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { game24Kind } from '../answers/game24.js';
import { createReplayBackend } from '../backends/replay/replay-backend.js';
import { recordedSample, type RecordedQuestion } from '../recordings/recorded-question.js';
import { majority } from '../strategies/majority.js';
import { loadDataset } from './datasets/registry.js';
import { evaluatePool } from './evaluate.js';
import { newRunManifest, recordRun } from './record.js';
import { runPool } from './store/run-pool.js';
import { readRun } from './store/run-store.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'datasets', '__fixtures__', 'game24.jsonl');

// What a model wrote for each puzzle; each expression below was checked by hand.
const texts: Record<string, string[]> = {
  '4 7 8 8': ['Answer: (7 - 8 / 8) * 4 = 24', 'Answer: (7 - 8 / 8) * 4 = 24', 'Answer: 4 * 8 - 8 + 7 = 24'], // right twice, then 31
  '3 3 8 8': ['Answer: 8 / (3 - 8 / 3) = 24', 'Answer: 8 * 3 = 24'], // right, then 24 without 3 and 8: a 1–1 tie
  '1 1 1 1': ['Answer: (1 + 1 + 1 + 1) = 24', 'I cannot reach 24.'], // 4, and no answer
};

describe('a checker task recorded and evaluated', () => {
  it('needs no gold answers, and grades every answer by the checker', async () => {
    const dataset = loadDataset(fixture, { sharedDir: '' });
    expect(dataset).toMatchObject({ kind: 'game24', items: [{ answer: '' }, { answer: '' }, { answer: '' }] });
    const recorded: RecordedQuestion[] = Object.entries(texts).map(([puzzle, list]) => ({
      id: puzzle,
      gold: null,
      answerKind: game24Kind,
      prompt: puzzle,
      samples: list.map((text, index) => recordedSample({ index, text, answer: null, tokens: 10 })),
      tokensKnown: true,
    }));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-game24-'));
    const n = 2;
    const manifest = newRunManifest({ dataset, ref: fixture, backend: { id: 'replay', settings: {} }, sampling: { logprobs: false }, seed: 3, n });
    const summary = await recordRun({ backend: createReplayBackend(recorded, { seed: 3 }), dir, manifest, answerKind: game24Kind, concurrency: 1 });
    expect(summary).toMatchObject({ generated: 6, errors: 0, complete: true });

    const questions = runPool(readRun(dir)).questions;
    expect(questions.map((q) => [q.id, q.gold, q.question])).toEqual([
      ['p1', null, '4 7 8 8'],
      ['p2', null, '3 3 8 8'],
      ['p3', null, '1 1 1 1'],
    ]);
    const [row] = await evaluatePool({ questions, strategies: [majority()], ns: ['all'], seeds: 1 });
    // p3 is wrong or abstains whatever was drawn; p2 drew both texts: a tie with one right (½).
    // p1 drew two of its three texts: the graded accuracy depends on which, so check it against the pool.
    const p1 = questions[0]!.samples.map((s) => s.answer);
    const p1Right = p1.filter((a) => a === '(7-8/8)*4').length;
    const p1Credit = p1Right === 2 ? 1 : p1Right === 1 ? 0.5 : 0;
    expect(row?.accuracy).toBeCloseTo((100 * (p1Credit + 0.5 + 0)) / 3, 6);
    expect(row?.passAtN).toBeCloseTo((100 * ((p1Right > 0 ? 1 : 0) + 1 + 0)) / 3, 6);
  });
});
