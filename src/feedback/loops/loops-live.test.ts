/**
 * The loops live on toy-arith-sf (embedded, one thread), through solve(): every call on the scheduler,
 * counted, under one budget, cancellable; and the same loop against the toy server through the
 * OpenAI-compatible backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { createLlamaBackend, type LlamaBackend } from '../../backends/llama/llama-backend.js';
import { createOpenAIBackend } from '../../backends/openai/index.js';
import { addUsage } from '../../core/usage.js';
import type { SolveEvent } from '../../engine/events.js';
import { solve, type SolveOptions } from '../../engine/solve.js';
import { toyArithAnswers } from '../../answers/toy-arith.js';
import { majority } from '../../strategies/majority.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../../test-support/llama-openai-server.js';

// dev-001: at T = 1 the model often writes 14*3=32; its check writes 14*3=42 and it continues from there.
const QUESTION = 'Q: Noah owns 38 apples. He gives 2 friends 12 each. The number of apples triples. How many apples does he have?\nA:';
const WRONG = ' 2*12=24. 38-24=14. 14*3=32. The answer is 32.';
const FIXED = ' 2*12=24. 38-24=14. 14*3=42. The answer is 42.';

let backend: LlamaBackend;
beforeAll(async () => {
  // One sequence at a time: llama.cpp's logits depend on which sequences share a batch, and a test of
  // what the model writes must not depend on timing.
  backend = await createLlamaBackend({ model: MODELS.toyArithSf, threads: 1, parallel: 1 });
});
afterAll(() => backend.close());

const base = (): SolveOptions => ({
  backend,
  prompt: QUESTION,
  answerKind: toyArithAnswers,
  strategy: majority(),
  maxSamples: 16,
  seed: 3,
  concurrency: 8,
  sampling: { temperature: 1, topP: 1, maxTokens: 96, stopSequences: ['\n'] },
});

describe('self-feedback loops on toy-arith-sf', () => {
  it('refine: a failed check is corrected from the model’s own step, every call counted and reported', async () => {
    const events: SolveEvent[] = [];
    // Seed 8 draws WRONG twice among its 16 solutions, so the correction path runs.
    const result = await solve({ ...base(), seed: 8, feedback: { method: 'refine', rounds: 1, verifier: 'rederive', templates: 'toy-arith-sf' }, onEvent: (e) => events.push(e) });
    const stages = events.filter((e) => e.type === 'stage');
    expect(stages.filter((e) => e.stage === 'solve')).toHaveLength(16);
    expect(stages.length).toBe(result.usage.calls);
    const usage = addUsage(...result.samples.flatMap((s) => [s.usage, ...(s.checks ?? []).map((c) => c.usage)]));
    expect(result.usage).toEqual(usage);
    const revisions = result.samples.filter((s) => s.revises !== undefined);
    expect(revisions.length).toBeGreaterThan(0);
    for (const revision of revisions) {
      const original = result.samples.find((s) => s.index === revision.revises!.of)!;
      expect(original.checks?.[0]).toMatchObject({ verifier: 'rederive', passed: false });
      const { step, own } = original.checks![0]!.critique!;
      expect(revision.text).toContain(` ${own!}.`);
      expect(step).toBeGreaterThanOrEqual(0);
      if (original.text === WRONG) expect(revision.text).toBe(FIXED);
    }
    expect(result.feedback?.transitions).toHaveLength(16);
    expect(result.feedback?.finals).toHaveLength(16);
    expect(result.stop).toMatchObject({ rule: 'refine', reason: 'finished' });
  });

  it('solve-detect-verify stops at the first solution that passes its check', async () => {
    const result = await solve({ ...base(), feedback: { method: 'solve-detect-verify', verifier: 'rederive', templates: 'toy-arith-sf' } });
    const last = result.samples.at(-1)!;
    expect(last.checks?.[0]?.passed).toBe(true);
    expect(result.samples.slice(0, -1).every((s) => s.checks?.[0]?.passed !== true)).toBe(true);
    expect(result.answer).toBe(last.answer);
    expect(result.strategy).toBe('solve-detect-verify');
  });

  it('one token budget over every stage: the loop ends within it and still decides', async () => {
    const result = await solve({ ...base(), maxTotalTokens: 150, feedback: { method: 'refine', rounds: 2, verifier: 'rederive', templates: 'toy-arith-sf' } });
    expect(result.usage.completionTokens).toBeLessThanOrEqual(150);
    expect(result.stop?.reason).toMatch(/budget: 150 tokens/);
    expect(result.samples.some((s) => s.status === 'aborted' || s.finishReason === 'length')).toBe(true);
  });

  it('the caller can cancel mid-loop; what was done is decided on', async () => {
    const controller = new AbortController();
    let seen = 0;
    const result = await solve({
      ...base(),
      concurrency: 2,
      signal: controller.signal,
      feedback: { method: 'magicore', verifier: 'rederive', templates: 'toy-arith-sf' },
      onEvent: (e) => {
        if (e.type === 'stage' && ++seen === 6) controller.abort();
      },
    });
    expect(result.stop?.rule).toBe('caller');
    expect(result.usage.calls).toBeLessThan(16);
  });
});

describe('loops through the OpenAI-compatible backend', () => {
  let server: LlamaOpenAIServer;
  beforeAll(async () => {
    server = await startLlamaOpenAIServer({ modelPath: MODELS.toyArithSf, threads: 1, contextSize: 384 });
  });
  afterAll(() => server.close());

  it('refine against the toy server: checks and continuations are raw completions', async () => {
    const remote = createOpenAIBackend({ baseURL: server.baseURL, model: 'toy-arith-sf', concurrency: 4 });
    const result = await solve({ ...base(), backend: remote, maxSamples: 6, concurrency: 4, feedback: { method: 'refine', rounds: 1, verifier: 'rederive', templates: 'toy-arith-sf' } });
    expect(result.samples.filter((s) => s.revises === undefined)).toHaveLength(6);
    expect(result.samples.every((s) => s.status === 'ok')).toBe(true);
    expect(result.samples.filter((s) => s.revises === undefined).every((s) => s.checks?.[0]?.status === 'judged')).toBe(true);
    expect(result.feedback?.failures).toEqual([]);
    expect(server.requests).toBe(result.usage.calls);
  });
});
