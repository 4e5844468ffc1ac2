/**
 * Calendar dates (date-understanding tasks), canonical as ISO `YYYY-MM-DD`. Reads ISO (`2021-10-02`,
 * `2021/10/02`), numeric day-month forms in the order you choose (US `10/02/2021` by default, or
 * `02/10/2021` with `order: 'dmy'`; separators `/`, `-` or `.`), and written forms (`October 2, 2021`,
 * `Oct. 2nd 2021`, `2 October 2021`, `the 2nd of October, 2021`, with or without a weekday). Leading
 * zeros are optional. A date is a date: it is never read as arithmetic, an impossible one
 * (`02/30/2021`) is no answer, and years have four digits (`10/02/21` is no answer).
 */
import type { AnswerKind } from './answer-kind.js';
import { lastAnswerPhrase } from './answer-phrases.js';
import { lastBoxed } from './boxed.js';

export interface DateAnswerOptions {
  /** How a numeric date that does not start with the year is read: month first (US) or day first. Default `mdy`. */
  order?: 'mdy' | 'dmy';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(\d{4})`;

// Each pattern finds a date anywhere in a text; the groups are named by what they hold.
const PATTERNS: { pattern: RegExp; parts: (m: RegExpExecArray, order: 'mdy' | 'dmy') => [string, string, string] }[] = [
  { pattern: /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/g, parts: (m) => [m[1]!, m[3]!, m[4]!] },
  {
    pattern: /(?<![\d/.-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)/g,
    parts: (m, order) => (order === 'mdy' ? [m[4]!, m[1]!, m[3]!] : [m[4]!, m[3]!, m[1]!]),
  },
  { pattern: new RegExp(String.raw`\b${MONTH}\s+${DAY},?\s+${YEAR}(?!\d)`, 'gi'), parts: (m) => [m[3]!, monthNumber(m[1]!), m[2]!] },
  { pattern: new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?${MONTH},?\s+${YEAR}(?!\d)`, 'gi'), parts: (m) => [m[3]!, monthNumber(m[2]!), m[1]!] },
];

export function dateAnswers(options: DateAnswerOptions = {}): AnswerKind {
  const order = options.order ?? 'mdy';
  const dateIn = (text: string): string | null => firstDate(text, order);
  return {
    name: order === 'mdy' ? 'date' : 'date-dmy',
    extract: (text) => {
      const boxed = lastBoxed(text);
      if (boxed.kind === 'broken') return null;
      if (boxed.kind === 'found') return dateIn(boxed.content);
      const phrase = lastAnswerPhrase(text, { wholeLine: true });
      return dateIn(phrase ?? (text.split('\n').find((line) => line.trim() !== '') ?? ''));
    },
    normalize: dateIn,
    equivalent: (a, b) => a === b,
  };
}

/** The earliest-placed valid date in the text as `YYYY-MM-DD`, or `null`. */
function firstDate(text: string, order: 'mdy' | 'dmy'): string | null {
  let best: { at: number; date: string | null } | null = null;
  for (const { pattern, parts } of PATTERNS) {
    pattern.lastIndex = 0;
    const match = pattern.exec(text);
    if (match !== null && (best === null || match.index < best.at)) best = { at: match.index, date: isoDate(...parts(match, order)) };
  }
  return best?.date ?? null;
}

function monthNumber(name: string): string {
  return String(MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1);
}

/** `YYYY-MM-DD` when the day exists in that month of that year, else `null`. */
function isoDate(year: string, month: string, day: string): string | null {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** US order (month first); `dateAnswers({ order: 'dmy' })` reads day first. */
export const dateKind = dateAnswers();
