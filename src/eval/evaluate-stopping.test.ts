import { describe, expect, it } from 'vitest';
import { loadSamplePool } from '../recordings/load-sample-pool.js';
import { betaRule } from '../stopping/beta.js';
import { fixedRule } from '../stopping/fixed.js';
import { majority } from '../strategies/majority.js';
import { sharedPath } from '../../test/shared.js';
import { evaluateStopping } from './evaluate-stopping.js';
import { formatStoppingJson } from './format-stopping.js';

const file = sharedPath('data', 'samples', 'boinf', 'analysis_aime2025_gpt-oss-20b.jsonl');

describe('evaluateStopping on a real recording', () => {
  it('reproduces majority of all samples when nothing stops early', async () => {
    const { questions } = await loadSamplePool(file);
    const [row] = await evaluateStopping({
      questions, strategies: [majority()], makeRule: () => fixedRule({ n: 1000 }), concurrency: [1], seeds: 1,
    });
    expect(row?.tokenSaving).toBeCloseTo(1, 10);
    expect(row?.baselineAccuracy).toBeCloseTo(90, 5); // published majority-of-all for this file
    expect(Math.abs(row?.accuracyGapPt ?? 99)).toBeLessThan(1e-9);
    expect(row?.latencyTokens).toBe(row?.tokensPerQuestion); // sequential: time is tokens
  });

  it('reports beta saving tokens, and latency falling with concurrency while tokens rise', async () => {
    const { questions } = await loadSamplePool(file);
    const rows = await evaluateStopping({ questions, strategies: [majority()], makeRule: () => betaRule(), concurrency: [1, 8], seeds: 3 });
    const [c1, c8] = rows;
    expect(c1?.stop).toBe('beta(0.95)');
    expect(c1?.tokenSaving).toBeGreaterThan(2);
    expect(c8?.latencyTokens).toBeLessThan((c1?.latencyTokens ?? 0) / 4);
    expect(c8?.tokensPerQuestion).toBeGreaterThan(c1?.tokensPerQuestion ?? Infinity);
    const json = JSON.parse(formatStoppingJson({ file: 'f', format: 'boinf', singleAccuracy: 73.7 }, c8!)) as Record<string, unknown>;
    expect(json).toMatchObject({ stop: 'beta(0.95)', concurrency: 8, strategy: 'majority' });
    expect(typeof json['token_saving']).toBe('number');
    expect(typeof json['latency_tokens']).toBe('number');
  });
});
