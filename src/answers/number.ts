/**
 * Plain numeric answers (GSM8K, SVAMP, counts, prices): one number, exactly. Where the answer sits
 * is found as for `math` (the last box, the last `####` line, the last answer phrase). The number is
 * what the answer starts with: currency signs, thousands separators, a percent sign and trailing
 * units or words go (`$1,250.00 per month` → `1250`). Anything that is not one number gives no
 * answer: an expression (`5 + 3`), a list (`1, 2`), a date, a time or a version (`10/02/2021`,
 * `12:30`, `1.2.3`) — use `math` for LaTeX and expressions, `date` for dates.
 */
import type { AnswerKind } from './answer-kind.js';
import { unwrapMathDelimiters } from './answer-phrases.js';
import { findMathAnswer } from './math-extract.js';
import { looksNonArithmetic } from './not-arithmetic.js';
import { formatRational, parseRational, rational } from './rational.js';

// An optional sign and currency, the digits (thousands in groups of three), a fraction or an
// exponent, then an optional percent sign; what follows must be words (not math: `3 pi`, `2 x 3`), or nothing.
const NUMBER =
  /^([-+]?)\s*(?:[$€£¥]|\\\$)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+(?:\/\d+)?)(?:[eE]([-+]?\d+))?\s*(?:\\?%)?(?=$|\s*\(|\s*(?!(?:pi|sqrt|i|e|x)\b)[a-zA-Z])/;

export const numberAnswers: AnswerKind = {
  name: 'number',
  extract: (text) => {
    const found = findMathAnswer(text);
    return found === null ? null : numberOf(found);
  },
  normalize: (answer) => numberOf(answer),
  equivalent: (a, b) => a === b,
};

/** The canonical number an answer states (an exact rational, as `math` prints it), or `null`. */
export function numberOf(answer: string): string | null {
  const bare = unwrapMathDelimiters(
    answer
      .replace(/\*\*/g, '')
      .replace(/\\text\{([^{}]*)\}/g, ' $1')
      .replace(/[−–]/g, '-')
      .replace(/^\s*(?:[a-zA-Z]\s*=|≈|~|approximately\b|about\b)\s*/i, '')
      .trim(),
  ).replace(/\.$/, '');
  if (looksNonArithmetic(bare)) return null;
  const match = NUMBER.exec(bare);
  if (match === null) return null;
  const [, sign = '', digits = '', exponent] = match;
  const value = parseRational(digits.replaceAll(',', ''));
  if (value === null) return null;
  const power = exponent === undefined ? 0n : BigInt(exponent);
  const scale = 10n ** (power < 0n ? -power : power);
  const signed = sign === '-' ? -value.num : value.num;
  const scaled = power < 0n ? rational(signed, value.den * scale) : rational(signed * scale, value.den);
  return scaled === null ? null : formatRational(scaled);
}
