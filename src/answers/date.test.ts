import { describe, expect, it } from 'vitest';
import { dateAnswers, dateKind } from './date.js';
import { mathKind } from './math.js';
import { sameUnder } from './__fixtures__/same.js';

const { extract, normalize } = dateKind;
const same = sameUnder(dateKind);
const mathSame = sameUnder(mathKind);

describe('date answers', () => {
  it('reads US, ISO and written forms, with or without zero padding, as one ISO date', () => {
    for (const form of ['10/02/2021', '10/2/2021', '10-02-2021', '2021-10-02', '2021/10/2', 'October 2, 2021', 'Oct. 2nd 2021', '2 October 2021', 'the 2nd of October, 2021', 'Saturday, October 2, 2021']) {
      expect(normalize(form), form).toBe('2021-10-02');
    }
  });

  it('never does arithmetic: the pairs a fraction reading confuses are different dates', () => {
    expect(same('10/02/2021', '05/01/2021')).toBe(false);
    expect(same('02/01/2020', '01/01/1010')).toBe(false);
    expect(same('02/01/2020', '2020-02-01')).toBe(true);
  });

  it('reads day-first dates when asked', () => {
    expect(dateAnswers({ order: 'dmy' }).normalize('02/10/2021')).toBe('2021-10-02');
    expect(dateAnswers({ order: 'dmy' }).name).toBe('date-dmy');
  });

  it('gives no answer for impossible dates and two-digit years', () => {
    expect(normalize('02/30/2021')).toBeNull();
    expect(normalize('Feb 29, 2021')).toBeNull();
    expect(normalize('Feb 29, 2020')).toBe('2020-02-29');
    expect(normalize('10/02/21')).toBeNull();
  });

  it('finds the date in a box, an answer phrase, or the first line', () => {
    expect(extract('Yesterday was 10/01/2021, so\nThe answer is 10/02/2021.')).toBe('2021-10-02');
    expect(extract('\\boxed{10/02/2021}')).toBe('2021-10-02');
    expect(extract('So the answer is (A) 10/02/2021')).toBe('2021-10-02');
    expect(extract('12/31/2020 was a Thursday.')).toBe('2020-12-31');
  });
});

describe('math refuses to read dates, times and versions as numbers', () => {
  it('does not equate dates that are equal as fractions or differences', () => {
    expect(mathSame('10/02/2021', '05/01/2021')).toBe(false);
    expect(mathSame('02/01/2020', '01/01/1010')).toBe(false);
    expect(mathSame('2021-10-02', '2009')).toBe(false);
    expect(mathSame('10/02/2021', '10/02/2021')).toBe(true);
  });

  it('does not evaluate a/b/c, hh:mm or a version', () => {
    expect(mathSame('1/2/3', '\\frac{1}{6}')).toBe(false);
    expect(mathSame('12:30', '0.4')).toBe(false);
    expect(mathSame('3:2', '6:4')).toBe(false);
    expect(mathSame('1.2.3', '0.36')).toBe(false);
    expect(mathSame('1/2', '0.5')).toBe(true); // one slash is still a fraction
  });
});
