import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../answers/exact.js';
import { loadSamplePool } from '../recordings/load-sample-pool.js';
import { recordedSample } from '../recordings/recorded-question.js';
import { InvalidInputError } from '../core/errors.js';
import { getStrategy } from '../strategies/registry.js';
import { majority } from '../strategies/majority.js';
import { sharedPath } from '../../test/shared.js';
import { gradeDecision, singleSampleAccuracy, type EvalQuestion } from './eval-question.js';
import { evaluatePool } from './evaluate.js';
import { drawSamples } from './simulate-question.js';

const boinf = (name: string): string => sharedPath('data', 'samples', 'boinf', `analysis_${name}.jsonl`);

/** A question whose samples carry these answers (null = abstention), 10 tokens each. */
function question(id: string, gold: string, answers: (string | null)[]): EvalQuestion {
  const samples = answers.map((answer, index) => recordedSample({ index, text: '', answer, tokens: 10 }));
  return { id, gold, answerKind: exactAnswers, samples, tokensKnown: true };
}

describe('evaluatePool on the shared BoInf recordings (README check numbers)', () => {
  it.each([
    ['aime2025_gpt-oss-20b', 73.7, 90.0],
    ['aime2025_Phi-4-reasoning', 64.3, 83.3],
    ['math500_Qwen3-14B', 94.6, 95.6],
  ])('%s: single %s -> majority of all %s', async (name, single, all) => {
    const { questions } = await loadSamplePool(boinf(name));
    expect(Math.abs(singleSampleAccuracy(questions) - single)).toBeLessThan(0.05);
    const [row] = await evaluatePool({ questions, strategies: [majority()], ns: ['all'], seeds: 20 });
    expect(row).toMatchObject({ strategy: 'majority', stop: 'fixed', n: 'all', trials: 1, abstainRate: 0 });
    expect(Math.abs(row!.accuracy - all)).toBeLessThan(0.05);
    expect(row!.ci95[0]).toBeLessThan(row!.accuracy);
    expect(row!.ci95[1]).toBeGreaterThanOrEqual(row!.accuracy);
  });

  it('rises with N on AIME, N=1 tracks the single-sample accuracy, and tokens scale with N', async () => {
    const { questions } = await loadSamplePool(boinf('aime2025_gpt-oss-20b'));
    const rows = await evaluatePool({ questions, strategies: [majority()], ns: [1, 4, 16], seeds: 40, seed: 7 });
    const [n1, n4, n16] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    expect(Math.abs(n1.accuracy - singleSampleAccuracy(questions))).toBeLessThan(2);
    expect(n4.accuracy).toBeGreaterThan(n1.accuracy + 5);
    expect(n16.accuracy).toBeGreaterThan(n4.accuracy);
    expect(n16.tokensPerQuestion! / n1.tokensPerQuestion!).toBeGreaterThan(12);
    expect(n16.tokensPerQuestion! / n1.tokensPerQuestion!).toBeLessThan(20);
    expect(n1.abstainRate).toBeGreaterThan(0); // gpt-oss has 16 abstaining samples
    expect(n1.seedSd).toBeGreaterThan(n16.seedSd);
    const again = await evaluatePool({ questions, strategies: [majority()], ns: [1, 4, 16], seeds: 40, seed: 7 });
    expect(again).toEqual(rows);
  });

  it('toy-arith T1: majority of all 16 reproduces the model card (58.5 %); weighted votes use the logprobs', async () => {
    const { questions } = await loadSamplePool(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'));
    expect(singleSampleAccuracy(questions)).toBeCloseTo(41.8125, 4);
    const rows = await evaluatePool({
      questions,
      strategies: [majority(), getStrategy('weighted')],
      ns: [1, 'all'],
      seeds: 5,
    });
    expect(rows.map((r) => [r.strategy, r.n])).toEqual([
      ['majority', 1],
      ['majority', 'all'],
      ['weighted', 1],
      ['weighted', 'all'],
    ]);
    expect(rows[1]!.accuracy).toBeCloseTo(58.5, 6);
    // Both strategies see the same single draws, so at N=1 they agree exactly.
    expect(rows[2]!.accuracy).toBe(rows[0]!.accuracy);
    expect(rows[0]!.tokensPerQuestion).toBeGreaterThan(30);
  });
});

describe('evaluatePool on the qwen25 recording (texts graded by the math answer kind)', () => {
  it('matches the published single-sample and maj@8 accuracies, with tokens unknown', async () => {
    const { questions } = await loadSamplePool(sharedPath('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl'));
    expect(Math.abs(singleSampleAccuracy(questions) - 91.0)).toBeLessThan(0.5);
    const [row] = await evaluatePool({ questions, strategies: [majority()], ns: ['all'], seeds: 1 });
    // The published maj@8 (93.0) breaks ties to the first answer; three questions are 4–4 or 2–2 ties
    // (idx 17 and 58 with the gold first, idx 28 with it second), each worth ½ with ties split: 92.5.
    expect(row).toMatchObject({ accuracy: 92.5, tokensPerQuestion: null, samplesPerQuestion: 8 });
  });
});

describe('evaluation rules', () => {
  it('abstentions count as wrong, tie credit is 1/#tied, and untied votes get full credit', async () => {
    const strategy = majority();
    const context = { answerKind: exactAnswers, seed: 0 };
    const tie = question('t', '5', ['7', '5', null]);
    const tieGrade = gradeDecision(await strategy.aggregate(tie.samples, context), tie);
    expect(tieGrade).toEqual({ correct: false, tieCredit: 0.5, abstained: false });
    const none = question('n', '5', [null, null]);
    expect(gradeDecision(await strategy.aggregate(none.samples, context), none)).toEqual({
      correct: false,
      tieCredit: 0,
      abstained: true,
    });
    const threshold = question('a', '5', ['5', '5', '7']);
    const cautious = majority({ abstainBelow: 0.9 });
    expect(gradeDecision(await cautious.aggregate(threshold.samples, context), threshold).correct).toBe(false);
  });

  it('splits a tie only where the vote decided: a strategy that picks a sample is graded on its pick', async () => {
    const tie = question('t', '5', ['7', '5']);
    const context = { answerKind: exactAnswers, seed: 0 };
    const voted = await majority().aggregate(tie.samples, context);
    const picked = { ...voted, chosen: 0 }; // the same answer, picked as best-of-n picks: by a score, not by the tie
    expect(voted.answer).toBe('7');
    expect(gradeDecision(voted, tie).tieCredit).toBe(0.5);
    expect(gradeDecision(picked, tie)).toEqual({ correct: false, tieCredit: 0, abstained: false });
  });

  it('single-sample accuracy counts every sample, abstaining ones as wrong', () => {
    expect(singleSampleAccuracy([question('a', '1', ['1', null, '2', '1']), question('b', '2', ['2'])])).toBe(
      (100 * (0.5 + 1)) / 2,
    );
  });

  it('draws nested prefixes per seed and the whole pool in recorded order for "all"', () => {
    const q = question('q', '1', ['1', '2', '3', '4', '5', '6', '7', '8']);
    const four = drawSamples(q, 4, 11);
    expect(drawSamples(q, 6, 11).slice(0, 4)).toEqual(four);
    expect(new Set(four.map((s) => s.index)).size).toBe(4);
    expect(drawSamples(q, 'all', 11)).toEqual(q.samples);
    expect(drawSamples(q, 20, 11)).toHaveLength(8);
  });

  it('reports tokens as unknown when the recording has no counts, and skips questions without gold', async () => {
    const known = question('k', '1', ['1', '1']);
    const unknown = { ...question('u', '1', ['1', '2']), tokensKnown: false };
    const ungraded = { ...question('g', '1', ['1']), gold: null };
    const [row] = await evaluatePool({ questions: [known, unknown, ungraded], strategies: [majority()], ns: [2], seeds: 3 });
    expect(row).toMatchObject({ questions: 2, tokensPerQuestion: null, samplesPerQuestion: 2 });
  });

  it('rejects bad budgets, seeds, repeated strategies and pools with nothing to grade', async () => {
    const questions = [question('q', '1', ['1'])];
    const base = { questions, strategies: [majority()], ns: [1], seeds: 1 };
    await expect(evaluatePool({ ...base, ns: [0] })).rejects.toThrow(InvalidInputError);
    await expect(evaluatePool({ ...base, seeds: 0 })).rejects.toThrow(/seeds must be a positive integer/);
    await expect(evaluatePool({ ...base, strategies: [majority(), majority()] })).rejects.toThrow(/listed twice/);
    await expect(evaluatePool({ ...base, questions: [{ ...questions[0]!, gold: null }] })).rejects.toThrow(/gold/);
  });
});
