import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../../answers/exact.js';
import type { Sample } from '../../core/types.js';
import { sample } from '../../strategies/__fixtures__/samples.js';
import { promptBackend, type PromptReply } from '../__fixtures__/prompt-backend.js';
import { runStagedLive } from '../../engine/run-staged.js';
import { naturalLanguageTemplates } from '../templates/natural-language.js';
import { toyArithSfTemplates } from '../templates/toy-arith-sf.js';
import type { TemplateSet } from '../templates/template-set.js';
import type { Verifier } from '../verifier.js';
import { backwardValue, maskedQuestions } from './backward.js';
import { getVerifier, parseVerifierSpec } from './registry.js';

const QUESTION = 'Q: Noah owns 38 apples. He gives 2 friends 12 each. The number of apples triples. How many apples does he have?\nA:';
const WRONG = ' 2*12=24. 38-24=14. 14*3=32. The answer is 32.';

function run(verifier: Verifier, reply: (prompt: string) => PromptReply | string, solution: Sample, templates: TemplateSet = naturalLanguageTemplates) {
  const backend = promptBackend(reply);
  const check = runStagedLive(verifier.check({ prompt: QUESTION, sample: solution, answerKind: exactAnswers, templates }), { backend }).then((done) => done.result);
  return { check, backend };
}

const solution = (text = WRONG, answer: string | null = '32'): Sample => sample(3, answer, { text });

describe('rederive', () => {
  it('checks steps in order with the toy prompt and stops at the first step whose own version differs', async () => {
    const own: Record<string, string> = { '2*12=24': ' 2*12=24', '38-24=14': ' 38-24=14', '14*3=32': ' 14*3=42' };
    const { check, backend } = run(getVerifier('rederive'), (p) => own[/ ([^ ]+)\.\nOk\?$/.exec(p)?.[1] ?? ''] ?? '', solution(), toyArithSfTemplates);
    const c = await check;
    expect(backend.requests.map((r) => r.prompt)).toEqual([`${QUESTION} 2*12=24.\nOk?`, `${QUESTION} 2*12=24. 38-24=14.\nOk?`, `${QUESTION} 2*12=24. 38-24=14. 14*3=32.\nOk?`]);
    expect(backend.requests[0]).toMatchObject({ temperature: 0, maxTokens: 32, stopSequences: ['\n'], n: 1 });
    expect(c).toMatchObject({ verifier: 'rederive', sample: 3, status: 'judged', passed: false, critique: { step: 2, text: '14*3=32', own: '14*3=42' } });
    expect(c.score).toBeCloseTo(2 / 4);
    expect(c.steps?.map((s) => s.passed)).toEqual([true, true, false]);
    expect(c.usage.calls).toBe(3);
  });

  it('passes a solution whose every step it writes the same way, with the default continuation prompt', async () => {
    const { check, backend } = run(getVerifier('rederive'), (p) => (p.endsWith('A:') ? ' 2*12=24. 38-2' : p.endsWith('24.') ? ' 38-24=14.' : p.endsWith('14.') ? ' 14*3=32.' : ' The answer is 32.'), solution());
    const c = await check;
    expect(c).toMatchObject({ status: 'judged', passed: true, score: 1 });
    expect(backend.requests[1]!.prompt).toBe(`${QUESTION.trim()} 2*12=24.`);
  });

  it.each([
    ['empty output', { text: '' }, 'empty'],
    ['output cut by the token limit before any step', { text: '', finishReason: 'length' as const }, 'cut'],
    ['output cut mid-step', { text: ' 14*3', finishReason: 'length' as const }, 'cut'],
    ['output that is no step', { text: ' .' }, 'no-step'],
    ['a failed call', { text: '', status: 'error' as const }, 'error'],
  ])('fails the check on %s, never throwing', async (_, reply, reason) => {
    const { check } = run(getVerifier('rederive'), () => reply, solution(), toyArithSfTemplates);
    const c = await check;
    expect(c).toMatchObject({ status: 'failed', passed: false, score: 0, failures: [{ reason }] });
    expect(c.usage.calls).toBe(1);
  });

  it('makes no call for a sample without an answer or without steps', async () => {
    const noAnswer = await run(getVerifier('rederive'), () => 'x', solution('I am lost', null)).check;
    expect(noAnswer).toMatchObject({ status: 'failed', failures: [{ reason: 'no-answer' }], usage: { calls: 0 } });
    const noSteps = await run(getVerifier('rederive'), () => 'x', solution(' ', '3')).check;
    expect(noSteps).toMatchObject({ status: 'failed', failures: [{ reason: 'no-step' }] });
  });

  it('says which template sets lack a prompt instead of sending nothing', () => {
    const { check } = run(getVerifier('genrm'), () => 'x', solution(), toyArithSfTemplates);
    return expect(check).rejects.toThrow(/genrm verifier needs a verify prompt, and template set "toy-arith-sf" has none/);
  });
});

const verdict = (word: string, pYes?: number): PromptReply => ({
  text: `Step 1 is fine. Verification: Is the answer correct (Yes/No)? ${word}`,
  tokens: [
    { text: 'Step 1 is fine. Verification: Is the answer correct (Yes/No)?' },
    { text: ` ${word}`, ...(pYes !== undefined && { top: [{ token: ' Yes', logprob: Math.log(pYes) }, { token: ' No', logprob: Math.log(1 - pYes) }] }) },
  ],
});

describe('genrm', () => {
  it('scores p(yes) at the verdict token, averaged over the chains that gave one', async () => {
    let chain = 0;
    const replies = [verdict('Yes', 0.9), verdict('No', 0.3), { text: 'I cannot decide. Maybe.' }, verdict('Yes')];
    const { check, backend } = run(getVerifier('genrm', { chains: 4 }), () => replies[chain++ % 4]!, solution());
    const c = await check;
    expect(backend.requests).toHaveLength(4);
    expect(new Set(backend.requests.map((r) => r.seed)).size).toBe(4);
    expect(backend.requests[0]).toMatchObject({ temperature: 0.7, maxTokens: 1024, logprobs: true });
    expect(c.status).toBe('judged');
    expect(c.score).toBeCloseTo((0.9 + 0.3 + 1) / 3);
    expect(c.failures).toEqual([{ reason: 'no-verdict', detail: expect.stringContaining('no verdict') }]);
  });

  it('a verdict that is neither yes nor no, or a cut chain, is a failed check', async () => {
    const format = { ...naturalLanguageTemplates, verify: { ...naturalLanguageTemplates.verify!, verdict: { pattern: 'correct\\? (\\w+)', yes: ['yes'], no: ['no'] } } };
    const neither = await run(getVerifier('genrm', { chains: 1 }), () => 'Is it correct? Perhaps', solution(), format).check;
    expect(neither).toMatchObject({ status: 'failed', failures: [{ reason: 'no-verdict', detail: 'the verdict "Perhaps" is neither yes nor no' }] });
    const cut = await run(getVerifier('genrm', { chains: 1 }), () => ({ text: 'Checking step 1, step 2', finishReason: 'length' }), solution()).check;
    expect(cut).toMatchObject({ status: 'failed', failures: [{ reason: 'cut' }] });
  });
});

describe('p-true', () => {
  it('reads p(A) / (p(A) + p(B)) at the next token', async () => {
    const top = [{ token: 'A', logprob: Math.log(0.6) }, { token: 'B', logprob: Math.log(0.2) }];
    const { check, backend } = run(getVerifier('p-true'), () => ({ text: 'A', tokens: [{ text: 'A', top }] }), solution());
    const c = await check;
    expect(c.score).toBeCloseTo(0.75);
    expect(c.passed).toBe(true);
    expect(backend.requests[0]).toMatchObject({ maxTokens: 1, topLogprobs: 20 });
    expect(backend.requests[0]!.prompt).toContain('Proposed Answer: 32\nIs the proposed answer:');
  });

  it('is a failed check when neither letter is among the alternatives', async () => {
    const c = await run(getVerifier('p-true'), () => ({ text: 'Hmm', tokens: [{ text: 'Hmm', top: [{ token: 'Hmm', logprob: -0.1 }] }] }), solution()).check;
    expect(c).toMatchObject({ status: 'failed', failures: [{ reason: 'no-verdict' }] });
  });
});

describe('backward', () => {
  it('masks each number of the question and counts the chains that recover it', async () => {
    expect(maskedQuestions('Ann has 23 apples and 4.5 pears, 7x.', 'x', 4)).toEqual([
      { masked: 'Ann has x apples and 4.5 pears, 7x.', value: 23 },
      { masked: 'Ann has 23 apples and x pears, 7x.', value: 4.5 },
    ]);
    expect(backwardValue('so x = 12. The answer is 38.')).toBe(38);
    expect(backwardValue('no idea')).toBeUndefined();
    const values: Record<string, string> = { '38': 'The answer is 38.', '2': 'x is 3', '12': 'The answer is 12', '3': 'nothing' };
    const { check, backend } = run(getVerifier('backward'), (p) => {
      const masked = /Noah owns (\S+) apples\. He gives (\S+) friends (\S+) each/.exec(p)!;
      const at = [1, 2, 3].find((k) => masked[k] === 'x');
      return at === undefined ? 'nothing' : (values[['', '38', '2', '12'][at]!] ?? '');
    }, solution());
    const c = await check;
    expect(backend.requests).toHaveLength(3);
    expect(backend.requests[0]!.prompt).toContain('If we know the answer to the above question is 32, what is the value of unknown variable x?');
    expect(c.score).toBeCloseTo(2 / 3);
  });
});

describe('score and specs', () => {
  it('passes an external score through and fails without one', async () => {
    const scored = await run(getVerifier('score', { passAt: 2 }), () => 'x', { ...solution(), score: 3.5 }).check;
    expect(scored).toMatchObject({ status: 'judged', score: 3.5, passed: true, usage: { calls: 0 } });
    const none = await run(getVerifier('score'), () => 'x', solution()).check;
    expect(none).toMatchObject({ status: 'failed', failures: [{ reason: 'no-verdict' }] });
  });

  it('parses verifier specs and rejects unknown options', () => {
    expect(parseVerifierSpec('genrm:chains=8').name).toBe('genrm');
    expect(() => parseVerifierSpec('genrm:chain=8')).toThrow(/genrm has options chains, topLogprobs, passAt, not "chain"/);
    expect(() => parseVerifierSpec('rederive:x=1')).toThrow(/rederive has no options/);
    expect(() => parseVerifierSpec('oracle')).toThrow(/unknown verifier "oracle"; choose one of: p-true, genrm, rederive, backward, score/);
  });
});
