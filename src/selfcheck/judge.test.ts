import { describe, expect, it } from 'vitest';
import { scriptedJudge } from './__fixtures__/scripted-judge.js';
import { judgePair, judgeSentence } from './judge.js';
import { nliJudge, promptJudge, readPromptJudgePrompt } from './judge-prompts.js';
import { askEveryPair } from './judge-stop.js';

describe('the Prompt variant (SelfCheckGPT word for word)', () => {
  it('builds the paper prompt, newlines in the sample turned into spaces, and reads it back', () => {
    const prompt = promptJudge.prompt('He was born in 1820.', 'Born in 1820.\nDied in 1876.');
    expect(prompt).toBe('Context: Born in 1820. Died in 1876.\n\nSentence: He was born in 1820.\n\nIs the sentence supported by the context above? Answer Yes or No.\n\nAnswer: ');
    expect(readPromptJudgePrompt(prompt)).toEqual({ context: 'Born in 1820. Died in 1876.', sentence: 'He was born in 1820.' });
    expect(readPromptJudgePrompt('Context: x\n\nSentence: y\n\nIs it true?')).toBeUndefined();
  });

  it('maps Yes to 0, No to 1 and anything else to 0.5, as the reference code does', () => {
    expect(['Yes', ' yes.', 'YES, it is', 'No', 'no.', 'Not supported', 'Maybe', '', 'The answer is yes'].map(promptJudge.parse)).toEqual([0, 0, 0, 1, 1, 1, 0.5, 0.5, 0.5]);
  });

  it('reads p(No) / (p(Yes) + p(No)) from top logprobs, whatever the token spelling', () => {
    const top = [{ token: ' Yes', logprob: Math.log(0.6) }, { token: 'yes', logprob: Math.log(0.1) }, { token: 'No', logprob: Math.log(0.1) }, { token: 'Maybe', logprob: Math.log(0.2) }];
    expect(promptJudge.fromTop(top)).toBeCloseTo(0.1 / 0.8, 12);
    expect(promptJudge.fromTop([{ token: 'The', logprob: 0 }])).toBeUndefined();
  });
});

describe('the NLI-style variant', () => {
  it('maps entailment 0, contradiction 1, neutral or other 0.5; from logprobs it drops neutral like SelfCheckGPT-NLI', () => {
    expect(['Entailment.', 'contradiction', 'Contradict', 'neutral', 'unclear'].map(nliJudge.parse)).toEqual([0, 1, 1, 0.5, 0.5]);
    const top = [{ token: 'Ent', logprob: Math.log(0.3) }, { token: ' contr', logprob: Math.log(0.1) }, { token: 'neutral', logprob: Math.log(0.6) }];
    expect(nliJudge.fromTop(top)).toBeCloseTo(0.25, 12);
    expect(nliJudge.prompt('S.', 'C\nD')).toContain('Context: C D\n\nSentence: S.\n\nDoes the context entail the sentence, contradict it, or neither?');
  });
});

describe('judgePair and judgeSentence through a backend', () => {
  it('asks greedily for at most 5 tokens and counts each call in usage; text verdicts without logprobs', async () => {
    const judge = scriptedJudge((prompt) => ({ text: prompt.includes('1876') ? 'No' : 'Yes' }));
    const verdict = await judgePair({ backend: judge, variant: promptJudge }, 'Born in 1820.', 'Born 1820, died 1876.', 3);
    expect(verdict).toMatchObject({ sample: 3, score: 1, from: 'text', answer: 'No', usage: { promptTokens: 7, completionTokens: 1, calls: 1 } });
    expect(judge.requests[0]).toMatchObject({ n: 1, temperature: 0, maxTokens: 5 });
    expect(judge.requests[0]?.logprobs).toBeUndefined();
  });

  it('uses logprobs when the backend has them, and sends chat messages when asked to', async () => {
    const judge = scriptedJudge(() => ({ text: 'Yes', top: [{ token: 'Yes', logprob: Math.log(0.75) }, { token: 'No', logprob: Math.log(0.25) }] }), 5);
    const verdict = await judgePair({ backend: judge, variant: promptJudge, chat: true }, 'S.', 'C.', 0);
    expect(verdict.from).toBe('logprobs');
    expect(verdict.score).toBeCloseTo(0.25, 12);
    expect(judge.requests[0]).toMatchObject({ logprobs: true, topLogprobs: 5 });
    expect(judge.requests[0]?.prompt).toEqual([{ role: 'user', content: promptJudge.prompt('S.', 'C.') }]);
  });

  it('keeps a failed call as a verdict without a score (its usage still counted) and averages the rest', async () => {
    const judge = scriptedJudge((_, call) => (call === 1 ? { text: '', fail: true } : { text: call === 0 ? 'No' : 'Maybe' }));
    const result = await judgeSentence({ backend: judge, variant: promptJudge }, 'S.', ['a', 'b', 'c'], [0, 0, 0], askEveryPair(), [0, 1, 2]);
    expect(result.verdicts.map((v) => [v.sample, v.score, v.from])).toEqual([[0, 1, 'text'], [1, null, 'failed'], [2, 0.5, 'text']]);
    expect(result.verdicts[1]?.error?.message).toBe('judge is down');
    expect(result.verdicts.reduce((sum, v) => sum + v.usage.calls, 0)).toBe(3);
    expect(result.score).toBe(0.75);
  });
});
