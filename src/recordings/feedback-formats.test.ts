import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { loadSamplePool, parseSamplePool } from './load-sample-pool.js';
import { firstChoiceLetter } from './sc-genrm-format.js';

describe('toy-arith-sf records', () => {
  it('carries each solution’s rederive check and, with the problems, its recorded calls', async () => {
    const pool = await loadSamplePool(sharedPath('models', 'toy-arith-sf', 'dev-feedback-samples.jsonl'), { promptsFile: sharedPath('models', 'toy-arith', 'dev.jsonl') });
    expect(pool.format).toBe('toy-arith-sf');
    expect(pool.questions).toHaveLength(200);
    const q = pool.questions[1]!;
    expect(q.samples.map((s) => s.index)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const wrong = q.samples.find((s) => s.text === ' 2*12=24. 38-24=14. 14*3=32. The answer is 32.')!;
    expect(wrong.checks?.[0]).toMatchObject({ verifier: 'rederive', passed: false, score: 0.5, critique: { step: 2, text: '14*3=32', own: '14*3=42' }, usage: { completionTokens: 28, calls: 3 } });
    const correction = q.calls?.find((c) => c.stage === 'revise' && c.prompt === `${q.prompt as string} 2*12=24. 38-24=14. 14*3=42.`);
    expect(correction?.reply.text).toBe(' The answer is 42.');
    const without = await loadSamplePool(sharedPath('models', 'toy-arith-sf', 'dev-feedback-samples.jsonl'));
    expect(without.questions[0]!.calls).toBeUndefined();
  });

  it('names the line of a malformed record', () => {
    const bad = '{"id":"d","sample":0,"text":"x","answer":1,"gold":1,"tokens":3,"checks":[{"step":"1+1=2"}],"match":{}}\n';
    expect(() => parseSamplePool('bad.jsonl', bad)).toThrow(/bad\.jsonl:1: field "checks" item 0: expected \{step: string, own: string, match: boolean, tokens: integer\}/);
  });
});

describe('sc-genrm recordings', () => {
  it('normalises answers to their first capital A–D and keeps every verification as a genrm check', async () => {
    expect(['B.**', 'ThefinalanswerisC', '[invalidanswer]', 'D)Skyrmion', ''].map(firstChoiceLetter)).toEqual(['B', 'C', null, 'D', null]);
    const pool = await loadSamplePool(sharedPath('data', 'samples', 'sc-genrm-gpqa', 'gpqa_diamond_llama-3.3-70b.jsonl'));
    expect(pool.format).toBe('sc-genrm');
    expect(pool.questions).toHaveLength(64);
    for (const q of pool.questions) {
      expect(q.samples).toHaveLength(128);
      expect(q.samples.filter((s) => (s.checks?.length ?? 0) === 32)).toHaveLength(64);
      expect(q.samples.slice(64).every((s) => s.checks === undefined)).toBe(true);
    }
    const all = pool.questions.flatMap((q) => q.samples.flatMap((s) => s.checks ?? []));
    const failed = all.filter((c) => c.status === 'failed');
    expect(failed.length / all.length).toBeCloseTo(0.013, 2);
    expect(failed.every((c) => c.failures?.[0]?.reason === 'no-verdict')).toBe(true);
  });

  it('rejects a verification outside [0, 1] with its line', () => {
    const bad = '{"id":"q","gold":"A","samples":[{"answer":"A","verifications":[0.5,7]}]}\n';
    expect(() => parseSamplePool('v.jsonl', bad)).toThrow(/v\.jsonl:1: sample 0 verification 1: expected a score in \[0, 1\] or null, got 7/);
  });
});
