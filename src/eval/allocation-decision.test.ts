import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { sample } from '../strategies/__fixtures__/samples.js';
import { majority } from '../strategies/majority.js';
import { verifiedVote } from '../strategies/verified-vote.js';
import { choose, decideAllocation, frontierOf } from './allocation-decision.js';
import type { EvalQuestion } from './eval-question.js';

const r = (name: string, n: number, accuracy: number, tokens: number) => ({ name, n, accuracy, tokens });

    const checked = (i: number, answer: string, score: number) => sample(i, answer, { checks: [{ verifier: 'rederive', sample: i, status: 'judged', score, passed: score >= 0.5, usage: { promptTokens: 0, completionTokens: 5, calls: 1 } }] });

describe('the allocation rule', () => {
  it('takes the cheapest candidate within the tolerance of the best that fits the budget', () => {
    const results = [r('majority', 1, 80, 37), r('majority', 16, 88, 585), r('sdv', 16, 87.8, 118), r('vv', 16, 89, 1100)];
    expect(choose(results, Infinity, 0.5)).toEqual(r('vv', 16, 89, 1100));
    expect(choose(results, Infinity, 1.5)).toEqual(r('sdv', 16, 87.8, 118));
    expect(choose(results, 600, 0.1)).toEqual(r('majority', 16, 88, 585));
    expect(choose(results, 10, 0.5)).toBeUndefined();
    expect(frontierOf(results).map((x) => `${x.name}@${x.n}`)).toEqual(['majority@1', 'sdv@16', 'majority@16', 'vv@16']);
  });

  it('chooses on one half of the questions and reports the choice on the other', async () => {
    // Every question: 4 samples, the right answer "a" voted twice but checked, "b" voted twice unchecked-wrong.
    const questions: EvalQuestion[] = Array.from({ length: 40 }, (_, q) => ({
      id: `q${q}`,
      gold: 'a',
      answerKind: exactAnswers,
      tokensKnown: true,
      samples: [checked(0, 'b', 0), checked(1, 'a', 1), checked(2, 'b', 0), checked(3, 'a', 1)],
    }));
    const decision = await decideAllocation({
      questions,
      candidates: [
        { name: 'majority', n: 4, strategy: majority() },
        { name: 'verified-vote', n: 4, strategy: verifiedVote() },
      ],
      seeds: 2,
    });
    expect(decision.fitQuestions + decision.heldOutQuestions).toBe(40);
    expect(decision.chosen.name).toBe('verified-vote');
    expect(decision.heldOut.chosen).toMatchObject({ name: 'verified-vote', accuracy: 100 });
    expect(decision.heldOut.regret).toBe(0);
  });
});
