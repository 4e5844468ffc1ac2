import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../test/shared.js';
import { mathAnswers } from '../answers/math.js';
import { createLlamaBackend, type LlamaBackend } from '../backends/llama/llama-backend.js';
import { solve, type SolveOptions } from '../engine/solve.js';
import type { Dataset } from '../eval/datasets/dataset.js';
import { newRunManifest, recordRun } from '../eval/record.js';
import { generationKey } from '../eval/store/manifest.js';
import { readRun } from '../eval/store/run-store.js';
import { deepConf } from '../strategies/deepconf.js';
import { majority } from '../strategies/majority.js';

const QUESTION = 'Q: Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?\nA:';
const answerKind = mathAnswers({ lastNumberFallback: true });
/** The texts in seed order (samples arrive in any order). */
const drawn = (result: { samples: { seed?: number; text: string }[] }): string[] =>
  result.samples.toSorted((a, b) => (a.seed ?? 0) - (b.seed ?? 0)).map((s) => s.text);

describe('the sampler and decode mode in solve() and in recordings', () => {
  let backend: LlamaBackend;
  // One sequence: bit-identical arithmetic from run to run (docs/decoding.md).
  beforeAll(async () => {
    backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, parallel: 1 });
  });
  afterAll(() => backend.close());

  const base = (): SolveOptions => ({
    backend,
    prompt: QUESTION,
    answerKind,
    strategy: majority(),
    maxSamples: 6,
    seed: 11,
    concurrency: 1,
    sampling: { sampler: 'temperature=2,min-p=0.1,order=temperature-first', maxTokens: 64, stopSequences: ['\n'] },
  });

  it('draws the same samples for every strategy, whether or not it asks for logprobs', async () => {
    const voted = await solve(base());
    const confident = await solve({ ...base(), strategy: deepConf({ tokenConfidence: 'logprob' }), logprobs: true, topLogprobs: 5, distributionStats: true });
    expect(drawn(confident)).toEqual(drawn(voted));
    expect(confident.samples.every((s) => s.logprobs !== undefined)).toBe(true);
    // The min-p sampler at T = 2 is not greedy: the six samples are not all one text.
    expect(new Set(drawn(voted)).size).toBeGreaterThan(1);
    const cautious = await solve({ ...base(), sampling: { ...base().sampling, decode: 'cntp:max=4' } });
    expect(cautious.samples.every((s) => s.status === 'ok' && s.usage.completionTokens === s.tokens)).toBe(true);
    expect(drawn(cautious)).not.toEqual(drawn(voted));
  });

  it('refuses a malformed sampler naming the field', async () => {
    await expect(solve({ ...base(), sampling: { sampler: 'temperature=2,min-p=2' } })).rejects.toThrow(/sampler "temperature=2,min-p=2": min-p must be a number in \[0, 1\)/);
  });

  it('stores the canonical sampler and decode texts in the manifest, so one setting written two ways resumes one run', async () => {
    const dataset: Dataset = { name: 'two', kind: 'math', template: 'Q: {question}\nA:', stop: ['\n'], items: [{ id: 'a', question: 'Tom has 5 pens. He buys 3 more. How many pens does he have?', answer: '8' }] };
    const manifestFor = (sampling: Record<string, unknown>) =>
      newRunManifest({ dataset, ref: 'two', backend: { id: backend.id, settings: {} }, sampling: { ...sampling, logprobs: false, maxTokens: 48 }, seed: 1, n: 2 });
    const written = manifestFor({ temperature: 2, sampler: 'min-p=0.1', decode: 'cntp:max=4' });
    expect(written.sampling).toEqual({ sampler: 'temperature=2,min-p=0.1,order=truncate-first', decode: 'cntp:max=4,h-low=0.01,h-high=1.5', logprobs: false, maxTokens: 48, stopSequences: ['\n'] });
    const other = manifestFor({ sampler: { minP: 0.1, temperature: 2, order: 'truncate-first' }, decode: { mode: 'cntp', maxTrials: 4 } });
    expect(generationKey(other)).toBe(generationKey(written));
    expect(() => manifestFor({ sampler: 'top-h-n=3' })).toThrow(/top-h-n must be given together with top-h/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-decoding-'));
    await recordRun({ backend, answerKind, dir, manifest: written, concurrency: 1 });
    const run = readRun(dir);
    expect(run.manifest.sampling.sampler).toBe('temperature=2,min-p=0.1,order=truncate-first');
    const samples = run.byQuestion.get('a') ?? [];
    expect(samples.map((s) => s.index)).toEqual([0, 1]);
    expect(samples.every((s) => s.tokens > 0 && /The answer is \d+\.$/.test(s.text ?? ''))).toBe(true);
  });
});
