import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { scriptedJudge } from './__fixtures__/scripted-judge.js';
import { promptJudge } from './judge-prompts.js';
import { askEveryPair, stopOnSupport } from './judge-stop.js';
import { createRecordedJudgeBackend } from './recorded-judge.js';
import { selfCheckSamples } from './from-samples.js';
import { selfCheck } from './self-check.js';
import { parseWikiBioRecording } from './wikibio-recording.js';

const FILE = sharedPath('data', 'hallucination', 'selfcheckgpt-wikibio', 'result-original-samples.json');
const passages = parseWikiBioRecording(readFileSync(FILE, 'utf8'), FILE).slice(0, 6);
const noShare = (answers: readonly string[]): number => answers.filter((a) => a.toLowerCase().startsWith('no')).length / answers.length;

describe('the recorded WikiBio judge', () => {
  it('parses the recording: labels 0/0.5/1, 20 samples, one judge answer per sentence and sample', () => {
    const first = passages[0];
    expect(first?.sentences.length).toBe(first?.labels.length);
    expect(first?.samples.length).toBe(20);
    expect(first?.judge.every((row) => row.length === 20)).toBe(true);
    expect(new Set(passages.flatMap((p) => p.labels))).toEqual(new Set([0, 0.5, 1]));
    expect(() => parseWikiBioRecording('[{"main_passage": 3}]', 'x.json')).toThrow(/x\.json: passage 0: main_passage must be a string/);
  });

  it('answers the Prompt variant from the recording through selfCheck: every sentence scores its share of No', async () => {
    const judge = createRecordedJudgeBackend(passages);
    for (const p of passages.slice(0, 3)) {
      const result = await selfCheck({ passage: p.passage, sentences: p.sentences, samples: p.samples, method: 'prompt', judge: { backend: judge, stop: askEveryPair() } });
      expect(result.sentences.map((s) => s.score)).toEqual(p.judge.map(noShare));
      expect(result.usage.judge.calls).toBe(p.sentences.length * 20);
      expect(result.stop).toBe('all-pairs');
    }
  });

  it('refuses prompts it has no recording for instead of guessing', async () => {
    const judge = createRecordedJudgeBackend(passages);
    const unknown = judge.generate({ prompt: promptJudge.prompt('A sentence nobody wrote.', 'Some context.'), n: 1 });
    await expect(unknown[Symbol.asyncIterator]().next()).rejects.toThrow(/no recorded judgement/);
    const other = judge.generate({ prompt: 'What is 2 + 2?', n: 1 });
    await expect(other[Symbol.asyncIterator]().next()).rejects.toThrow(/answers SelfCheckGPT-Prompt questions only/);
  });

  it('stops early on the support rule: fewer calls, each sentence still scored from real verdicts', async () => {
    const judge = createRecordedJudgeBackend(passages);
    const p = passages[1] as (typeof passages)[number];
    const result = await selfCheck({ passage: p.passage, sentences: p.sentences, samples: p.samples, judge: { backend: judge, stop: stopOnSupport() }, seed: 4 });
    expect(result.method).toBe('prompt');
    expect(result.usage.judge.calls).toBeLessThan(p.sentences.length * 20);
    result.sentences.forEach((s, i) => {
      expect(s.verdicts.length).toBeGreaterThanOrEqual(2);
      const answers = s.verdicts.map((v) => p.judge[i]?.[v.sample] as string);
      expect(s.score).toBe(noShare(answers));
    });
  });
});

describe('selfCheck', () => {
  it('draws its samples from a backend when given a sampler, and counts sampling and judging apart', async () => {
    const sampler = scriptedJudge(() => ({ text: 'Ann was born in Leeds. She is a pilot.' }));
    const judge = scriptedJudge((prompt) => ({ text: prompt.includes('Sentence: Ann was born in Leeds.') ? 'Yes' : 'No' }));
    const result = await selfCheck({
      passage: 'Ann was born in Leeds. She was a doctor.',
      sampler: { backend: sampler, prompt: 'Who is Ann?', n: 3 },
      judge: { backend: judge, stop: askEveryPair() },
    });
    expect(sampler.requests[0]).toMatchObject({ prompt: 'Who is Ann?', n: 3, temperature: 1 });
    expect(result.samples).toHaveLength(3);
    expect(result.sentences.map((s) => [s.text, s.score])).toEqual([['Ann was born in Leeds.', 0], ['She was a doctor.', 1]]);
    expect(result.passageScore).toBe(0.5);
    expect(result.usage.sampling.calls).toBe(3);
    expect(result.usage.judge).toEqual({ promptTokens: 42, completionTokens: 6, calls: 6 });
    expect(result.usage.total.calls).toBe(9);
  });

  it('scores by unigram max without a judge; the sentence absent from the samples scores higher', async () => {
    const result = await selfCheck({ passage: 'Ann was born in Leeds. She was a doctor in Oslo.', samples: ['Ann was born in Leeds.', 'Ann was born in Leeds, England.'] });
    expect(result.method).toBe('ngram');
    expect(result.usage.total.calls).toBe(0);
    expect((result.sentences[1]?.score ?? 0) > (result.sentences[0]?.score ?? 0)).toBe(true);
  });

  it('rejects bad input with a clear message and fails loudly when every judge call fails', async () => {
    await expect(selfCheck({ passage: 'A.', method: 'prompt', samples: ['A.'] })).rejects.toThrow(/asks an LLM judge/);
    await expect(selfCheck({ passage: 'A.' })).rejects.toThrow(/either samples/);
    await expect(selfCheck({ passage: '  ', samples: ['A.'] })).rejects.toThrow(/no sentence/);
    const down = scriptedJudge(() => ({ text: '', fail: true }));
    await expect(selfCheck({ passage: 'A b.', samples: ['A b.'], judge: { backend: down } })).rejects.toThrow(/every judge call failed: judge is down/);
  });
});

const sample = (index: number, text: string, status: 'ok' | 'error' = 'ok') => ({ index, text, tokens: 3, finishReason: 'stop' as const, status, usage: { promptTokens: 1, completionTokens: 3, calls: 1 } });

describe('selfCheckSamples (the proxy hook: samples already drawn)', () => {
  it('checks the chosen sample against the other usable samples, drawing nothing', async () => {
    const samples = [sample(0, 'Ann was born in Oslo.'), sample(1, 'Ann was born in Leeds. She flies.'), sample(2, 'Ann was born in Leeds.'), sample(3, 'boom', 'error')];
    const judge = scriptedJudge((prompt) => ({ text: /Context: Ann was born in Leeds\.\n\nSentence: Ann was born in Leeds\./u.test(prompt) ? 'Yes' : 'No' }));
    const result = await selfCheckSamples({ samples, votes: [{ answer: 'leeds', count: 2, weight: 2, samples: [1, 2] }] }, { judge: { backend: judge, stop: askEveryPair() } });
    expect(result.checked).toBe(1);
    expect(result.samples).toEqual(['Ann was born in Oslo.', 'Ann was born in Leeds.']);
    expect(result.sentences.map((s) => [s.text, s.score])).toEqual([['Ann was born in Leeds.', 0.5], ['She flies.', 1]]);
    expect(result.usage.sampling.calls).toBe(0);
    expect(result.usage.judge.calls).toBe(4);
    await expect(selfCheckSamples({ samples: [samples[0] as (typeof samples)[number]] })).rejects.toThrow(/at least 2 usable samples/);
  });
});
