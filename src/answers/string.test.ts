import { describe, expect, it } from 'vitest';
import { stringAnswers } from './string.js';
import { textAnswers } from './text.js';
import { sameUnder } from './__fixtures__/same.js';

const { extract, normalize } = stringAnswers;
const same = sameUnder(stringAnswers);

describe('string answers', () => {
  it('keeps every letter: no article removal, no punctuation splitting (text would lose them)', () => {
    expect(normalize('say a')).toBe('say a');
    expect(textAnswers.normalize('say a')).toBe('say');
    expect(normalize('y-y-a-o')).toBe('y-y-a-o');
    expect(textAnswers.normalize('y-y-a-o')).toBe('y y o');
    expect(same('say a', 'say')).toBe(false);
    expect(same('y-y-a-o', 'yyao')).toBe(false);
  });

  it('folds case and whitespace: neh h is nehh, NEHH too', () => {
    expect(same('neh h', 'nehh')).toBe(true);
    expect(same('NEHH', 'nehh')).toBe(true);
    expect(same(' New  York ', 'new york')).toBe(true);
  });

  it('drops wrapping quotes, backticks, bold and a closing period', () => {
    expect(normalize('"Paris".')).toBe('paris');
    expect(normalize('**NEHH**')).toBe('nehh');
    expect(normalize('`abc`')).toBe('abc');
    expect(normalize("it's")).toBe("it's");
    expect(normalize('""')).toBeNull();
  });

  it('takes the box, else the answer phrase to the end of the line, else the first line', () => {
    expect(extract('The last letters are n, e, h, h.\nThe answer is: neh h')).toBe('neh h');
    expect(extract('\\boxed{\\text{xy}}')).toBe('xy');
    expect(extract('yyao\nbecause …')).toBe('yyao');
    expect(extract('  \n ')).toBeNull();
  });
});
