/**
 * Prefix sharing under a mixed load like a self-feedback bench's: problems side by side, each drawing
 * 1, 2, 4 … samples and then checking them step by step, so idle sequences are handed to new prompts
 * while other samples fork from them. Every sample must be what it is with sharing off: a fork from a
 * sequence that is being reloaded would hold another prompt's state and answer another question.
 * Sized to catch the race it was written for cheaply: 8 problems 4 at a time, the unchecked rounds cut
 * at 24 tokens (most stop before an answer), the checked round whole so that every check runs. With the
 * fix undone this load differed from the reference in 5 of 6 runs (seeds 13–18). In trials with every
 * round at 32 tokens, 2 problems in flight or all 8 at once never did (0 of 4 runs each): the race needs
 * sequences handed over while others fork.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS, sharedPath } from '../../../test/shared.js';
import { toyArithAnswers } from '../../answers/toy-arith.js';
import { createPool } from '../../core/pool.js';
import { solve } from '../../engine/solve.js';
import { majority } from '../../strategies/majority.js';
import { createLlamaBackend } from './llama-backend.js';

const problems = readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, 8)
  .map((l) => (JSON.parse(l) as { id: string; question: string }));

async function samples(sharePrefix: boolean): Promise<string> {
  const backend = await createLlamaBackend({ model: MODELS.toyArithSf, threads: 1, parallel: 16, sharePrefix });
  const pool = createPool(4);
  const out = new Map<string, string>();
  const run = (prompt: string, maxSamples: number, feedback?: boolean) =>
    solve({
      backend,
      prompt,
      answerKind: toyArithAnswers,
      strategy: majority(),
      maxSamples,
      seed: 13,
      concurrency: 16,
      sampling: { temperature: 1, maxTokens: feedback === true ? 96 : 24, stopSequences: ['\n'] },
      ...(feedback === true && { feedback: { method: 'verify' as const, verifier: 'rederive', templates: 'toy-arith-sf' } }),
    });
  try {
    await Promise.all(
      problems.map((p) =>
        pool.run(async () => {
          for (const n of [1, 2, 4]) await run(p.question, n);
          const checked = await run(p.question, 8, true);
          out.set(p.id, JSON.stringify(checked.samples.map((s) => [s.text, s.checks?.[0]?.score])));
        }),
      ),
    );
    return problems.map((p) => `${p.id} ${out.get(p.id) ?? ''}`).join('\n');
  } finally {
    await backend.close();
  }
}

describe('prefix sharing', () => {
  it('gives every sample and check of an interleaved load exactly as without sharing', { timeout: 180_000 }, async () => {
    const separate = await samples(false);
    expect(await samples(true)).toBe(separate);
  });
});
