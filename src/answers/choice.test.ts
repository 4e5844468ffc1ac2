import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { choiceAnswers } from './choice.js';

const letters = choiceAnswers();
const capitals = choiceAnswers([
  { label: 'A', text: 'Paris' },
  { label: 'B', text: 'Lyon' },
  { label: 'C', text: 'The city of Nice' },
]);

describe('choice answers', () => {
  it('reads boxed labels, with or without \\text and brackets', () => {
    expect(letters.extract('so $\\boxed{\\text{(B)}}$')).toBe('B');
    expect(letters.extract('\\boxed{b}')).toBe('B');
    expect(letters.extract('\\boxed{C) 42}')).toBe('C');
  });

  it('reads answer phrases and other mentions; the last one wins', () => {
    expect(letters.extract('The answer is (D).')).toBe('D');
    expect(letters.extract('Answer: A) 5 apples')).toBe('A');
    expect(letters.extract('First I thought (A), but Option C fits.')).toBe('C');
    expect(letters.extract('Work...\nD is the correct choice')).toBe('D');
    expect(letters.extract('Work...\n(E)')).toBe('E');
  });

  it('does not read the article "a" as option A, and abstains when no option is named', () => {
    expect(letters.extract('The answer is a large number.')).toBeNull();
    expect(letters.extract('I am not sure.')).toBeNull();
    expect(letters.extract('\\boxed{\\frac{1}{2}')).toBeNull();
  });

  it('maps an option\'s text to its label when the options are known, and rejects unknown labels', () => {
    expect(capitals.extract('The answer is Paris.')).toBe('A');
    expect(capitals.extract('The answer is city of nice')).toBe('C');
    expect(capitals.extract('The answer is (F).')).toBeNull();
    expect(capitals.normalize('lyon')).toBe('B');
    expect(capitals.normalize('(c)')).toBe('C');
  });

  it('recovers the gold letter from AQuA\'s human-written rationales (≥ 93%, at most 1 wrong)', () => {
    const lines = readFileSync(sharedPath('data', 'benchmarks', 'aqua.test.jsonl'), 'utf8').trim().split('\n');
    let right = 0;
    let wrong = 0;
    for (const line of lines) {
      const item = JSON.parse(line) as { options: string[]; rationale: string; correct: string };
      const kind = choiceAnswers(item.options.map((option) => ({ label: option.slice(0, 1), text: option.slice(2) })));
      const answer = kind.extract(item.rationale);
      if (answer === item.correct) right++;
      else if (answer !== null) wrong++;
    }
    expect(lines).toHaveLength(254);
    expect(right / lines.length).toBeGreaterThanOrEqual(0.93); // measured 237/254; the rest name no letter
    expect(wrong).toBeLessThanOrEqual(1);
  });
});
