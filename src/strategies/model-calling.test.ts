import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { InvalidInputError } from '../core/errors.js';
import { fakeBackend } from './__fixtures__/fake-backend.js';
import { sample } from './__fixtures__/samples.js';
import { gsa, gsaPrompt } from './gsa.js';
import { pTrue, pTrueFromTop } from './p-true.js';
import { parseSelection, usc, uscPrompt } from './usc.js';

const answers = { ...exactAnswers, extract: (text: string) => /answer is (\d+)/.exec(text)?.[1] ?? null };
const samples = [
  sample(0, '5', { text: 'so the answer is 5' }),
  sample(1, '7', { text: 'the answer is 7' }),
  sample(2, '7', { text: 'surely the answer is 7' }),
  sample(3, null, { text: 'I am lost' }),
  sample(4, '9', { text: 'the answer is 9', status: 'error' }),
];
const ln = Math.log;

describe('usc', () => {
  it('shows every finished response, 0-based, and takes the last "Response n" of the reply', async () => {
    const backend = fakeBackend([{ text: 'Response 2 looks odd. The most consistent response is Response 1.' }]);
    const d = await usc().aggregate(samples, { answerKind: answers, seed: 3, prompt: 'What is 3+4?', backend });
    expect(d).toMatchObject({ answer: '7', chosen: 1, confidenceKind: 'vote-share' });
    expect(d.confidence).toBeCloseTo(2 / 3, 12);
    const request = backend.requests[0]!;
    expect(request).toMatchObject({ n: 1, temperature: 0, seed: 3, maxTokens: 256 });
    expect(request.prompt).toBe(uscPrompt('What is 3+4?', ['so the answer is 5', 'the answer is 7', 'surely the answer is 7', 'I am lost']));
    expect(request.prompt).toContain('Response 3: I am lost');
    expect(request.prompt).not.toContain('answer is 9');
  });

  it('counts the extra call in usage', async () => {
    const reply = 'The most consistent response is Response 2';
    const backend = fakeBackend([{ text: reply }]);
    const d = await usc().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend });
    const prompt = backend.requests[0]!.prompt as string;
    expect(d.usage).toEqual({ promptTokens: 5 * 5 + prompt.length, completionTokens: 5 * 10 + reply.length, calls: 5 + 1 });
  });

  it('falls back to response 0 on an unparsable or failed reply, then to the first response with an answer', async () => {
    expect(parseSelection('no idea', 3)).toBeUndefined();
    expect(parseSelection('Response 7', 3)).toBeUndefined();
    const garbled = await usc().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend: fakeBackend([{ text: '42' }]) });
    expect(garbled).toMatchObject({ answer: '5', chosen: 0 });
    const failed = await usc().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend: fakeBackend([{ text: '', status: 'error' }]) });
    expect(failed).toMatchObject({ answer: '5', chosen: 0 });
    expect(failed.usage.calls).toBe(6);
    const noAnswer = await usc().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend: fakeBackend([{ text: 'Response 3' }]) });
    expect(noAnswer).toMatchObject({ answer: '5', chosen: 0 });
  });

  it('skips the call when the usable samples already agree, and keeps a chat prompt a chat', async () => {
    const backend = fakeBackend([{ text: 'Response 0' }]);
    const agree = await usc().aggregate([samples[1]!, samples[2]!], { answerKind: answers, seed: 0, prompt: 'q', backend });
    expect(agree).toMatchObject({ answer: '7', confidence: 1 });
    expect(backend.requests).toHaveLength(0);
    await usc().aggregate(samples, { answerKind: answers, seed: 0, prompt: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'What is 3+4?' }], backend });
    const prompt = backend.requests[0]!.prompt;
    expect(prompt).toEqual([{ role: 'system', content: 'be brief' }, { role: 'user', content: uscPrompt('What is 3+4?', samples.slice(0, 4).map((s) => s.text)) }]);
  });

  it('needs a prompt and a backend', async () => {
    await expect(async () => usc().aggregate(samples, { answerKind: answers, seed: 0 })).rejects.toThrow(InvalidInputError);
    await expect(async () => usc().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q' })).rejects.toThrow(/usc asks the model again and needs backend in its context/);
  });
});

describe('gsa', () => {
  it('decides by the answer of a newly written response; confidence is the samples’ agreement with it', async () => {
    const backend = fakeBackend([{ text: 'Combining them, the answer is 7' }]);
    const d = await gsa().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'Q: 3+4?\nA:', backend });
    expect(d).toMatchObject({ answer: '7', confidenceKind: 'vote-share' });
    expect(d.confidence).toBeCloseTo(2 / 3, 12);
    expect(d.usage.calls).toBe(6);
    const prompt = backend.requests[0]!.prompt as string;
    // A raw prompt ends with the original prompt, so the model continues in the task's own format.
    expect(prompt.endsWith('\n\nQ: 3+4?\nA:')).toBe(true);
    expect(prompt).toContain('Response 1: so the answer is 5\nResponse 2: the answer is 7');
  });

  it('a new answer none of the samples gave has confidence 0; no answer falls back to majority or abstains', async () => {
    const novel = await gsa().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend: fakeBackend([{ text: 'the answer is 8' }]) });
    expect(novel).toMatchObject({ answer: '8', confidence: 0, abstained: false });
    const none = await gsa().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend: fakeBackend([{ text: 'hmm' }]) });
    expect(none.answer).toBe('7');
    const abstain = await gsa({ fallback: 'abstain' }).aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend: fakeBackend([{ text: 'hmm' }]) });
    expect(abstain).toMatchObject({ answer: null, abstained: true });
  });

  it('writes one user message for a chat prompt', () => {
    const prompt = gsaPrompt([{ role: 'user', content: 'What is 3+4?' }], ['a', 'b']);
    expect(prompt).toEqual([{ role: 'user', content: expect.stringMatching(/^What is 3\+4\?\n\nHere are several candidate responses:\nResponse 1: a\nResponse 2: b\n\nUsing these/) }]);
  });
});

describe('p-true', () => {
  it('normalises p(A) / (p(A) + p(B)) over letter variants; missing letters give undefined', () => {
    expect(pTrueFromTop([{ token: 'A', logprob: ln(0.3) }, { token: ' B', logprob: ln(0.1) }, { token: '(A', logprob: ln(0.1) }, { token: 'C', logprob: ln(0.5) }])).toBeCloseTo(0.8, 12);
    expect(pTrueFromTop([{ token: 'Yes', logprob: -0.1 }])).toBeUndefined();
  });

  it('scores each answer class with one call and picks the highest P(True) as the confident answer', async () => {
    const backend = fakeBackend([
      { text: 'B', top: [{ token: 'B', logprob: ln(0.6) }, { token: 'A', logprob: ln(0.2) }] },
      { text: 'A', top: [{ token: 'A', logprob: ln(0.9) }, { token: 'B', logprob: ln(0.1) }] },
    ]);
    const d = await pTrue().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'What is 3+4?', backend });
    // Classes by votes: 7 (2 votes) first → P = 0.25; then 5 → P = 0.9.
    expect(d).toMatchObject({ answer: '5', chosen: 0, confidenceKind: 'probability' });
    expect(d.confidence).toBeCloseTo(0.9, 12);
    expect(backend.requests.map((r) => [r.maxTokens, r.topLogprobs])).toEqual([[1, 20], [1, 20]]);
    expect(backend.requests[0]!.prompt).toBe('Question: What is 3+4?\nProposed Answer: 7\nIs the proposed answer:\n (A) True\n (B) False\nThe proposed answer is: (');
    expect(d.usage.calls).toBe(5 + 2);
  });

  it('with no letters in any top-k the majority answer stands at confidence 0; brainstorm shows own samples', async () => {
    const backend = fakeBackend([{ text: 'x', top: [{ token: 'x', logprob: -0.1 }] }]);
    const d = await pTrue({ brainstorm: 2, maxCandidates: 1 }).aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend });
    expect(d).toMatchObject({ answer: '7', confidence: 0 });
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0]!.prompt).toMatch(/^Here are some brainstormed ideas:\nResponse 1: so the answer is 5\nResponse 2: the answer is 7\n\nQuestion: q/);
  });

  it('refuses a backend without top logprobs, saying what is needed', async () => {
    await expect(async () => pTrue().aggregate(samples, { answerKind: answers, seed: 0, prompt: 'q', backend: fakeBackend([{ text: 'A' }], 0) })).rejects.toThrow(
      /p-true reads the probabilities of the letters A and B from top logprobs, and fake:scripted returns none/,
    );
  });
});
