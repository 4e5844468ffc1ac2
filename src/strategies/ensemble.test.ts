import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { sample } from './__fixtures__/samples.js';
import { ensemble, sourceAgreement } from './ensemble.js';
import { majority } from './majority.js';

const context = { answerKind: exactAnswers, seed: 1 };

describe('ensemble', () => {
  // Model A agrees with itself (a a a); model B does not (b b b b c d e f: 4 of 8).
  const samples = [
    ...['a', 'a', 'a'].map((answer, i) => sample(i, answer, { source: 'A' })),
    ...['b', 'b', 'b', 'b', 'c', 'd', 'e', 'f'].map((answer, i) => sample(3 + i, answer, { source: 'B' })),
    sample(11, null, { source: 'C' }),
  ];

  it('weighs each model’s votes by its own agreement, so a self-consistent model outvotes a larger noisy one', async () => {
    expect(Object.fromEntries(sourceAgreement(samples, exactAnswers))).toEqual({ A: 1, B: 0.5 });
    const d = await ensemble().aggregate(samples, context);
    expect(d.answer).toBe('a');
    expect(d.confidence).toBeCloseTo(3 / (3 + 2 + 4 * 0.5), 12);
    expect((await majority().aggregate(samples, context)).answer).toBe('b');
  });

  it('is majority vote with one source', async () => {
    const single = ['x', 'y', 'y'].map((answer, i) => sample(i, answer));
    const d = await ensemble().aggregate(single, context);
    expect(d).toMatchObject({ answer: 'y', confidence: 2 / 3 });
  });
});
