/**
 * Exact rationals (BigInt) for canonical numbers: `0.5`, `1/2`, `\frac{1}{2}` and `\frac{2}{4}` all
 * print as `0.5`; `\frac{1}{3}` prints as `\frac{1}{3}`. Exactness keeps `0.333` and `1/3` apart.
 */

export interface Rational {
  num: bigint;
  /** Always positive. */
  den: bigint;
}

const DECIMAL = String.raw`\d+(?:\.\d*)?|\.\d+`;
const PLAIN = new RegExp(`^(-)?(${DECIMAL})$`);
const SLASH = new RegExp(`^(-)?(${DECIMAL})/(-)?(${DECIMAL})$`);
const FRAC = new RegExp(String.raw`^(-)?\\frac\{(-)?(${DECIMAL})\}\{(-)?(${DECIMAL})\}$`);
// `2\frac{1}{2}` is two and a half, not 2·½: only with a proper fraction of whole numbers.
const MIXED = /^(-)?(\d+)\\frac\{(\d+)\}\{(\d+)\}$/;

/** The exact value of a plain number, `a/b`, `\frac{a}{b}` or mixed number `2\frac{1}{2}`; else `null`. */
export function parseRational(text: string): Rational | null {
  const plain = PLAIN.exec(text);
  if (plain !== null) return signed(plain[1], decimal(plain[2] as string));
  const mixed = MIXED.exec(text);
  if (mixed !== null) {
    const [whole, num, den] = [BigInt(mixed[2] as string), BigInt(mixed[3] as string), BigInt(mixed[4] as string)];
    if (num < den && den !== 0n) return signed(mixed[1], make(whole * den + num, den));
  }
  const slash = SLASH.exec(text);
  if (slash !== null) {
    return signed(slash[1], quotient(decimal(slash[2] as string), signed(slash[3], decimal(slash[4] as string))));
  }
  const frac = FRAC.exec(text);
  if (frac !== null) {
    const top = signed(frac[2], decimal(frac[3] as string));
    return signed(frac[1], quotient(top, signed(frac[4], decimal(frac[5] as string))));
  }
  return null;
}

/** Integer, terminating decimal, or `\frac{p}{q}` with the sign in front. */
export function formatRational({ num, den }: Rational): string {
  const sign = num < 0n ? '-' : '';
  const abs = num < 0n ? -num : num;
  if (den === 1n) return `${sign}${abs}`;
  const places = decimalPlaces(den);
  if (places === null) return `${sign}\\frac{${abs}}{${den}}`;
  const digits = ((abs * 10n ** BigInt(places)) / den).toString().padStart(places + 1, '0');
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

export const toNumber = ({ num, den }: Rational): number => Number(num) / Number(den);

/** `num / den` in lowest terms with a positive denominator; `null` when `den` is 0. */
export function rational(num: bigint, den: bigint = 1n): Rational | null {
  return den === 0n ? null : make(num, den);
}

// Exact arithmetic (a checker must never accept 23.999999 as 24).
export const add = (a: Rational, b: Rational): Rational => make(a.num * b.den + b.num * a.den, a.den * b.den);
export const subtract = (a: Rational, b: Rational): Rational => make(a.num * b.den - b.num * a.den, a.den * b.den);
export const multiply = (a: Rational, b: Rational): Rational => make(a.num * b.num, a.den * b.den);
/** `a / b`; `null` when dividing by zero. */
export const divide = (a: Rational, b: Rational): Rational | null => quotient(a, b);

/** Digits after the point when `den` has no prime factor but 2 and 5; `null` otherwise. */
function decimalPlaces(den: bigint): number | null {
  let rest = den;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) [rest, twos] = [rest / 2n, twos + 1];
  while (rest % 5n === 0n) [rest, fives] = [rest / 5n, fives + 1];
  return rest === 1n ? Math.max(twos, fives) : null;
}

function decimal(text: string): Rational {
  const [whole = '', fraction = ''] = text.split('.');
  return make(BigInt(`${whole}${fraction}` || '0'), 10n ** BigInt(fraction.length));
}

/** `top / bottom`; `null` when dividing by zero. */
function quotient(top: Rational | null, bottom: Rational | null): Rational | null {
  if (top === null || bottom === null || bottom.num === 0n) return null;
  return make(top.num * bottom.den, top.den * bottom.num);
}

function signed(minus: string | undefined, value: Rational | null): Rational | null {
  if (value === null || minus === undefined) return value;
  return { num: -value.num, den: value.den };
}

function make(num: bigint, den: bigint): Rational {
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num < 0n ? -num : num, den < 0n ? -den : den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
