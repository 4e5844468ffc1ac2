/** The public surface: what a user gets from `quorum`, `quorum/llama` and `quorum/eval`, used the way the README shows. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { MODELS, sharedPath } from '../test/shared.js';
import { calibrationSummary } from './eval-entry.js';
import { createLlamaBackend } from './llama.js';
import {
  createReplayBackend,
  getAnswerKind,
  getStopRule,
  getStrategy,
  InvalidInputError,
  loadSamplePool,
  majority,
  parseStrategySpec,
  QuorumError,
  solve,
  UnknownNameError,
  type ConfidenceKind,
  type SolveEvent,
} from './index.js';
import * as quorum from './index.js';

const file = sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl');

describe('the package entry point', () => {
  it('solves a recorded question end to end with the replay backend', async () => {
    const pool = await loadSamplePool(file);
    const question = pool.questions[0];
    if (question === undefined) throw new Error('empty pool');
    const backend = createReplayBackend(pool.questions, { seed: 7 });
    const events: SolveEvent['type'][] = [];
    const result = await solve({
      backend,
      prompt: question.id,
      answerKind: question.answerKind,
      strategy: majority(),
      maxSamples: 16,
      concurrency: 4,
      seed: 7,
      onEvent: (event) => events.push(event.type),
    });

    expect(pool.format).toBe('boinf');
    expect(result.answer).toBe(question.gold);
    expect(result.abstained).toBe(false);
    expect(result.strategy).toBe('majority');
    expect(result.confidenceKind).toBe('vote-share');
    expect(result.samples).toHaveLength(16);
    expect(result.sampleCounts.total).toBe(16);
    // vote-share: the winner's votes over all usable votes
    const usable = result.votes.reduce((sum, vote) => sum + vote.count, 0);
    expect(usable).toBe(result.sampleCounts.usable);
    expect(result.confidence).toBeCloseTo((result.votes[0]?.count ?? 0) / usable, 12);
    expect(result.stop).toEqual({ rule: 'none', reason: 'budget: 16 samples' });
    expect(result.usage.completionTokens).toBe(result.samples.reduce((sum, s) => sum + s.tokens, 0));
    expect(events.filter((type) => type === 'sample')).toHaveLength(16);
    expect(events.at(-1)).toBe('decision');
    expect(backend.remaining(question.id)).toBe(question.samples.length - 16);
  });

  it('stops early with a registered stop rule and a strategy given by spec', async () => {
    const pool = await loadSamplePool(file);
    const question = pool.questions[0];
    if (question === undefined) throw new Error('empty pool');
    const result = await solve({
      backend: createReplayBackend(pool.questions, { seed: 3 }),
      prompt: question.id,
      answerKind: question.answerKind,
      strategy: parseStrategySpec('majority:abstainBelow=0.5'),
      maxSamples: question.samples.length,
      stopRule: getStopRule('beta', { threshold: 0.95 }),
      concurrency: 1,
      seed: 3,
    });
    expect(result.answer).toBe(question.gold);
    expect(result.strategy).toBe('majority:abstainBelow=0.5');
    expect(result.stop?.rule).toBe('beta(0.95)');
    expect(result.samples.length).toBeLessThan(question.samples.length);
  });

  it('exports the error classes the library throws, and only those', async () => {
    const errors = Object.keys(quorum).filter((name) => name.endsWith('Error') && name !== 'expectedCalibrationError');
    expect(errors.toSorted()).toEqual([
      'AbortError',
      'BackendError',
      'FileFormatError',
      'InvalidInputError',
      'InvalidResponseError',
      'ModelLoadError',
      'QuorumError',
      'RateLimitError',
      'ReplayExhaustedError',
      'TimeoutError',
      'UnknownNameError',
    ]);
    // The confidence kinds strategies and calibration produce (checked by tsc): no reserved, never-produced kind.
    expectTypeOf<ConfidenceKind>().toEqualTypeOf<'vote-share' | 'weight-share' | 'probability' | 'calibrated'>();
    expect(() => getStrategy('no-such-strategy')).toThrow(UnknownNameError);
    expect(() => getAnswerKind('no-such-kind')).toThrow(QuorumError);
    const pool = await loadSamplePool(file);
    const question = pool.questions[0];
    if (question === undefined) throw new Error('empty pool');
    await expect(
      solve({ backend: createReplayBackend(pool.questions), prompt: question.id, answerKind: question.answerKind, strategy: majority(), maxSamples: 0, seed: 0 }),
    ).rejects.toThrow(InvalidInputError);
  });

  it('computes calibration figures from (confidence, correct) pairs', () => {
    const summary = calibrationSummary([
      { confidence: 0.9, correct: true },
      { confidence: 0.8, correct: true },
      { confidence: 0.3, correct: false },
      { confidence: 0.6, correct: false },
    ]);
    expect(summary.auroc).toBe(1);
    expect(summary.brier).toBeCloseTo((0.01 + 0.04 + 0.09 + 0.36) / 4, 12);
  });

  it('loads the embedded model on demand and solves with it', async () => {
    const backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1 });
    try {
      expect(backend.threads).toBe(1);
      expect(backend.hasChatTemplate).toBe(false);
      const result = await solve({
        backend,
        prompt: 'Q: Nora starts with 43 kites. She buys 5 trays of 7 kites. How many kites does she have?\nA:',
        answerKind: getAnswerKind('math'),
        strategy: majority(),
        maxSamples: 4,
        sampling: { temperature: 0.8, maxTokens: 96, stopSequences: ['\n'] },
        seed: 1,
      });
      expect(result.samples).toHaveLength(4);
      expect(result.samples.every((s) => s.status === 'ok' && s.tokens > 0)).toBe(true);
      expect(result.answer).toBe('78');
      expect(result.usage.completionTokens).toBe(result.samples.reduce((sum, s) => sum + s.tokens, 0));
    } finally {
      await backend.close();
    }
  });
});
