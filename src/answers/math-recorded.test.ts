/**
 * The math kind against real data: Qwen2.5-Math's own grading of 800 recorded samples, BoInf's
 * string-equality grading of 160,000+ pre-extracted answers, and the gold answers of MATH-500 and
 * GSM8K read back from their own solution texts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { mathKind } from './math.js';

const { extract, normalize, equivalent } = mathKind;

function readJsonl(...parts: string[]): Record<string, unknown>[] {
  return readFileSync(sharedPath(...parts), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const correct = (answer: string | null, gold: string | null): boolean =>
  answer !== null && gold !== null && equivalent(answer, gold);

describe('math kind on recorded Qwen2.5-Math samples (math_cot_100.jsonl)', () => {
  it('agrees with the file\'s own verdicts on ≥ 99% of the 800 samples; every disagreement is judged', () => {
    const disagreements: { idx: unknown; sample: number; ours: string | null; gt: unknown; fileSaysCorrect: boolean }[] = [];
    let judged = 0;
    for (const line of readJsonl('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl')) {
      const texts = line['code'] as string[];
      const scores = line['score'] as boolean[];
      const gold = normalize(String(line['gt']));
      texts.forEach((text, sample) => {
        const ours = extract(text);
        judged++;
        if (correct(ours, gold) !== scores[sample]) {
          disagreements.push({ idx: line['idx'], sample, ours, gt: line['gt'], fileSaysCorrect: scores[sample] as boolean });
        }
      });
    }
    expect(judged).toBe(800);
    expect(1 - disagreements.length / judged).toBeGreaterThanOrEqual(0.99);
    // Judged by hand: `10{,}000` is LaTeX for 10,000; the file's grader kept `{,}` and so failed a
    // correct `\boxed{10000}`. We are right.
    expect(disagreements).toEqual([{ idx: 72, sample: 7, ours: '10000', gt: '10{,}000', fileSaysCorrect: false }]);
  });
});

describe('math kind on BoInf\'s pre-extracted answers (MATH-500, AIME 2024/2025)', () => {
  it('accepts every answer that string equality accepts, and thousands more written differently', () => {
    const lost: string[] = [];
    let gained = 0;
    const files = readdirSync(sharedPath('data', 'samples', 'boinf')).filter((file) => /math500|aime/.test(file));
    for (const file of files) {
      for (const line of readJsonl('data', 'samples', 'boinf', file)) {
        const goldText = String(line['gold_answer']);
        const gold = normalize(goldText);
        for (const [answer, count] of Object.entries(line['answer_counts'] as Record<string, number>)) {
          if (answer === '') continue; // an abstention
          const ours = correct(normalize(answer), gold);
          if (answer === goldText && !ours) lost.push(`${file}: ${answer}`);
          if (answer !== goldText && ours) gained += count;
        }
      }
    }
    expect(files).toHaveLength(14);
    expect(lost).toEqual([]);
    // Measured 4,479 samples (e.g. `(3/2,-13)` vs `(\frac{3}{2},-13)`, `11(1+\sqrt{5})` vs
    // `11\sqrt{5}+11`, `x=357` vs `357`, `3<\lambda\le4` vs `(3,4]`); all 338 distinct pairs were read
    // by hand and are right.
    expect(gained).toBeGreaterThanOrEqual(4400);
  });
});

describe('benchmark gold answers are recovered from their own solutions', () => {
  it('MATH-500: the last \\boxed of each solution equals the gold `answer` (500 of 500)', () => {
    const failures: { index: number; extracted: string | null; gold: string | null }[] = [];
    let sameString = 0;
    const lines = readJsonl('data', 'benchmarks', 'math500.test.jsonl');
    lines.forEach((line, index) => {
      const extracted = extract(String(line['solution']));
      const gold = normalize(String(line['answer']));
      if (extracted !== null && extracted === gold) sameString++;
      if (!correct(extracted, gold)) failures.push({ index, extracted, gold });
    });
    expect(lines).toHaveLength(500);
    expect(failures).toEqual([]);
    expect(sameString).toBe(500); // one canonical string per answer: votes group without evaluation
  });

  it('GSM8K: the #### line of each solution equals the gold number (1319 of 1319)', () => {
    const failures: { index: number; extracted: string | null; gold: string }[] = [];
    const lines = readJsonl('data', 'benchmarks', 'gsm8k.test.jsonl');
    lines.forEach((line, index) => {
      const solution = String(line['answer']);
      const gold = solution.slice(solution.lastIndexOf('####') + 4).trim();
      const extracted = extract(solution);
      if (extracted === null || extracted !== normalize(gold) || !/^-?\d+(?:\.\d+)?$/.test(extracted)) {
        failures.push({ index, extracted, gold });
      }
    });
    expect(lines).toHaveLength(1319);
    expect(failures).toEqual([]);
  });
});
