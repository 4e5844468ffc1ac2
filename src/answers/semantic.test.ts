import { describe, expect, it } from 'vitest';
import type { Backend, GenerateRequest } from '../backends/backend.js';
import { scriptedBackend } from '../engine/__fixtures__/scripted-backend.js';
import { solve } from '../engine/solve.js';
import { betaRule } from '../stopping/beta.js';
import { majority } from '../strategies/majority.js';
import { entailmentPrompt, readEntailment, semanticAnswers, semanticEntropy } from './semantic.js';

/** Meanings the judge knows: answers in one group entail each other, nothing else does. */
const MEANINGS = [['paris', 'paris france', 'city of paris'], ['lyon']];
const meaningOf = (answer: string): number => MEANINGS.findIndex((group) => group.includes(answer));

function entailmentJudge(options: { failOn?: string } = {}): Backend & { requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  return {
    id: 'judge',
    capabilities: { logprobs: false, topLogprobs: 0, nativeN: false, streaming: false, fullDistribution: false },
    requests,
    async *generate(request) {
      requests.push(request);
      const text = request.prompt as string;
      const [first, second] = [/Possible Answer 1: (.*)/u.exec(text)?.[1] ?? '', /Possible Answer 2: (.*)/u.exec(text)?.[1] ?? ''];
      const usage = { promptTokens: 20, completionTokens: 2, calls: 1 };
      if (options.failOn !== undefined && text.includes(options.failOn)) {
        yield { index: 0, text: '', tokens: 0, finishReason: 'error', status: 'error', usage };
        return;
      }
      const same = meaningOf(first) >= 0 && meaningOf(first) === meaningOf(second);
      yield { index: 0, text: same ? 'Entailment.' : 'neutral', tokens: 2, finishReason: 'stop', status: 'ok', usage };
    },
  };
}

const answersOf = (...answers: string[]) => answers.map((answer) => ({ answer, tokens: 2 }));

describe('semantic answers (meaning-level votes)', () => {
  it('asks Farquhar et al.\'s entailment question and reads only "entailment" as entailing', () => {
    expect(entailmentPrompt('Capital of France?', 'Paris', 'paris')).toBe(
      'We are evaluating answers to the question "Capital of France?"\nHere are two possible answers:\nPossible Answer 1: Paris\nPossible Answer 2: paris\nDoes Possible Answer 1 semantically entail Possible Answer 2? Respond with entailment, contradiction, or neutral.\nResponse:',
    );
    expect(['Entailment', ' entailment.', 'neutral', 'contradiction', 'Not entailment'].map(readEntailment)).toEqual([true, true, false, false, false]);
  });

  it('groups samples by meaning through solve(): majority, a stop rule and the confidence see meaning classes; judge calls counted and cached', async () => {
    const judge = entailmentJudge();
    const semantic = semanticAnswers({ judge, question: 'What is the capital of France?' });
    const sampler = scriptedBackend(answersOf('Paris', 'Lyon', 'Paris, France', 'The city of Paris', 'Paris', 'Lyon', 'Paris'));
    const result = await solve({
      backend: semantic.classify(sampler),
      prompt: 'What is the capital of France?',
      answerKind: semantic,
      strategy: majority(),
      maxSamples: 7,
      concurrency: 1,
      seed: 1,
      stopRule: betaRule({ threshold: 0.85 }),
    });
    expect(result.answer).toBe('paris');
    expect(result.votes.map((v) => [v.answer, v.count])).toEqual([['paris', 4], ['lyon', 1]]);
    expect(result.confidence).toBe(0.8);
    // Beta(0.85) stops once 4 of 5 agree in meaning (P = 57/64); by text alone they would be 2 of 5.
    expect(result.sampleCounts.total).toBe(5);
    expect(result.stop?.rule).toBe('beta(0.85)');
    // Judged pairs: lyon↔paris (1: fails one way), paris france→paris, paris→paris france,
    // paris france→lyon? never (it matched paris first), city of paris→paris, paris→city of paris;
    // the repeated "paris" needs none.
    expect(judge.requests).toHaveLength(5);
    expect(semantic.judgeUsage).toEqual({ promptTokens: 100, completionTokens: 10, calls: 5 });
    expect(result.usage.calls).toBe(5 + 5);
    expect(semantic.classes).toBe(2);
    expect(semanticEntropy(result.votes)).toBeCloseTo(-(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2)), 12);
  });

  it('turns a sample the judge could not place into an error sample and refuses answers it never placed', async () => {
    const semantic = semanticAnswers({ judge: entailmentJudge({ failOn: 'Possible Answer 1: lyon' }), question: 'Capital?' });
    const result = await solve({ backend: semantic.classify(scriptedBackend(answersOf('Paris', 'Lyon', 'Paris'))), prompt: 'Capital?', answerKind: semantic, strategy: majority(), maxSamples: 3, concurrency: 1, seed: 0 });
    expect(result.samples.map((s) => s.status)).toEqual(['ok', 'error', 'ok']);
    expect(result.samples[1]?.error?.message).toMatch(/meaning judge judge failed/);
    expect(result.answer).toBe('paris');
    expect(() => semantic.equivalent('paris', 'rome')).toThrow(/never placed in a meaning class/);
  });
});
