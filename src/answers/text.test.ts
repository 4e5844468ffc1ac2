import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { truthfulqa } from '../eval/datasets/truthfulqa.js';
import { normalizeText, textAnswers } from './text.js';

const { extract, normalize, equivalent } = textAnswers;

describe('text answers', () => {
  it('ignores case, punctuation, articles and spacing', () => {
    expect(normalizeText('  The Eiffel   Tower!  ')).toBe('eiffel tower');
    expect(normalize('An apple, a day.')).toBe(normalize('apple day'));
    expect(normalizeText('Ça coûte 5 €')).toBe('ça coûte 5');
  });

  it('takes the answer phrase, else the box, else the first non-empty line', () => {
    expect(extract('Let me think.\nThe answer is: the Pacific Ocean.')).toBe('pacific ocean');
    expect(extract('\\boxed{Mount Everest}')).toBe('mount everest');
    expect(extract('\n\nNothing happens.\nMore text.')).toBe('nothing happens');
    expect(extract('   ')).toBeNull();
    expect(extract('?!')).toBeNull();
  });

  it('finds every TruthfulQA best answer when a model states it', () => {
    const items = truthfulqa.read(sharedPath(...truthfulqa.file));
    const misses = items.filter((item) => {
      const gold = normalize(item.answer);
      const said = extract(`Let me think about "${item.question}".\nThe answer is: ${item.answer}`);
      return gold === null || said === null || !equivalent(said, gold);
    });
    expect(items.length).toBeGreaterThan(800);
    expect(misses.map((item) => item.id)).toEqual([]);
  });
});
