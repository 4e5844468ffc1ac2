/**
 * Loops on odd outputs, with a scripted backend (the parsing edge cases; real behaviour is tested live
 * on toy-arith-sf): a critique that names no step, a revision with no answer, a verdict that is neither
 * yes nor no — each a failed check or revision, counted in the run's failures, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../../answers/exact.js';
import { solve } from '../../engine/solve.js';
import { majority } from '../../strategies/majority.js';
import { promptBackend } from '../__fixtures__/prompt-backend.js';
import { naturalLanguageTemplates } from '../templates/natural-language.js';
import { parseTemplateSet } from '../templates/load-template-set.js';

const answers = { ...exactAnswers, extract: (text: string) => /answer is (\d+)/.exec(text)?.[1] ?? null };
const options = { prompt: 'What is 6*7?', answerKind: answers, strategy: majority(), seed: 1, sampling: { temperature: 1, maxTokens: 64 } };

describe('self-feedback loops on odd outputs', () => {
  it('a GenRM rejection is its own critique: the rewrite is asked with the review, and a repeated answer ends the chain', async () => {
    const backend = promptBackend((prompt) => {
      if (prompt.startsWith('You are a math teacher')) return 'Six sevens are 42, not 41. Verification: Is the answer correct (Yes/No)? No';
      return 'Six sevens. The answer is 41.';
    });
    const result = await solve({ ...options, backend, maxSamples: 1, feedback: { method: 'refine', rounds: 3, verifier: 'genrm:chains=1', templates: naturalLanguageTemplates } });
    const revise = backend.requests.find((r) => typeof r.prompt === 'string' && r.prompt.includes('Write a corrected solution'));
    expect(revise?.prompt).toContain('Six sevens are 42, not 41.');
    expect(result.samples.filter((s) => s.revises !== undefined)).toHaveLength(1);
    expect(backend.requests).toHaveLength(3);
    expect(result.feedback?.failures).toEqual([]);
  });

  it('a critique naming no step is a failed revision, counted', async () => {
    const backend = promptBackend((prompt) => {
      if (prompt.includes('Review the solution')) return 'Some of it is odd.';
      if (prompt.includes('Proposed Answer')) return { text: 'B', tokens: [{ text: 'B', top: [{ token: 'B', logprob: Math.log(0.9) }, { token: 'A', logprob: Math.log(0.1) }] }] };
      return 'Six sevens. The answer is 41.';
    });
    const result = await solve({ ...options, backend, maxSamples: 2, feedback: { method: 'refine', rounds: 1, verifier: 'p-true', templates: naturalLanguageTemplates } });
    expect(result.feedback?.failures).toEqual([
      { reason: 'no-step', detail: expect.stringContaining('names no wrong step') },
      { reason: 'no-step', detail: expect.stringContaining('names no wrong step') },
    ]);
    expect(result.answer).toBe('41');
  });

  it('a revision with no answer is counted and the old solution stands', async () => {
    const backend = promptBackend((prompt) => {
      if (prompt.includes('Review the solution')) return 'Step 1 is wrong: six sevens are not 41.';
      if (prompt.includes('Proposed Answer')) return { text: 'B', tokens: [{ text: 'B', top: [{ token: 'B', logprob: -0.01 }] }] };
      if (prompt.includes('Write a corrected solution')) return 'I would rather not say.';
      return 'Six sevens. The answer is 41.';
    });
    const result = await solve({ ...options, backend, maxSamples: 1, feedback: { method: 'refine', rounds: 2, verifier: 'p-true', templates: naturalLanguageTemplates } });
    expect(result.feedback?.failures).toEqual([{ reason: 'no-answer', detail: 'the revision has no answer' }]);
    expect(result.answer).toBe('41');
    expect(result.feedback?.transitions).toEqual([
      { round: 1, solution: 0, before: '41', after: '41' },
      { round: 2, solution: 0, before: '41', after: '41' },
    ]);
    // Every call is counted: solution, P(True), critique, revision.
    expect(result.usage.calls).toBe(4);
  });

  it('solve-detect-verify on verdicts that are neither yes nor no: every check fails, the vote decides, failures counted', async () => {
    const backend = promptBackend((prompt) => (prompt.startsWith('You are a math teacher') ? 'Verification: Is the answer correct (Yes/No)? Maybe' : 'The answer is 42.'));
    const result = await solve({ ...options, backend, maxSamples: 3, feedback: { method: 'solve-detect-verify', verifier: 'genrm:chains=1', templates: naturalLanguageTemplates } });
    expect(result.answer).toBe('42');
    expect(result.confidence).toBe(0);
    expect(result.feedback?.failures.map((f) => f.reason)).toEqual(['no-verdict', 'no-verdict', 'no-verdict']);
  });
});

describe('solve-detect-verify with a confidence floor', () => {
  it('accepts a passing solution only when its mean token logprob reaches the floor', async () => {
    let n = 0;
    const backend = promptBackend((prompt) => (prompt.startsWith('You are a math teacher') ? 'Verification: Is the answer correct (Yes/No)? Yes' : `The answer is ${40 + (n++ % 2)}.`));
    const feedback = { method: 'solve-detect-verify' as const, verifier: 'genrm:chains=1', templates: naturalLanguageTemplates };
    // The scripted tokens all have logprob −0.1.
    const loose = await solve({ ...options, backend, maxSamples: 3, feedback: { ...feedback, minMeanLogprob: -0.2 } });
    expect(loose.samples).toHaveLength(1);
    expect(backend.requests[0]).toMatchObject({ logprobs: true });
    const strict = await solve({ ...options, backend, maxSamples: 3, feedback: { ...feedback, minMeanLogprob: -0.05 } });
    expect(strict.samples).toHaveLength(3);
    expect(strict.answer).toBe('41');
  });
});

describe('template files', () => {
  it('override one prompt of a set and reject unknown placeholders and fields', () => {
    const set = parseTemplateSet('mine.json', { extends: 'toy-arith-sf', stepCheck: { prompt: '{question}{prefix} {step}.\nCheck:' } });
    expect(set.stepCheck).toEqual({ prompt: '{question}{prefix} {step}.\nCheck:', maxTokens: 32 });
    expect(set.revise?.mode).toBe('continue');
    expect(() => parseTemplateSet('x.json', { verify: { prompt: 'Is {solutoin} right?' } })).toThrow(/x\.json: "verify\.prompt" uses \{solutoin\}; it may use \{question\}, \{solution\}, \{answer\}/);
    expect(() => parseTemplateSet('x.json', { critque: {} })).toThrow(/unknown field "critque"/);
    expect(() => parseTemplateSet('x.json', { extends: 'toy-arith-sf', backward: { prompt: '{masked}' } })).toThrow(/"backward" needs "mask"/);
    expect(() => parseTemplateSet('x.json', { critique: { stepPattern: '(' } })).toThrow(/"critique\.stepPattern" is not a valid regular expression/);
    expect(parseTemplateSet('x.json', { verify: null }).verify).toBeUndefined();
  });
});
