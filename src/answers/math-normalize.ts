/**
 * Canonical strings for math answers, so equal values mostly get equal strings and a vote table can
 * group them by string. Pure string work (no evaluation): cheap enough for every sample's `extract`.
 * Rules follow Hendrycks' `strip_string`, Minerva's `normalize_final_answer` and Qwen2.5-Math's
 * `strip_string`, minus their lossy steps (see docs/answers.md).
 */
import { unwrapMathDelimiters } from './answer-phrases.js';
import { rewriteCommand } from './latex-commands.js';
import { formatRational, parseRational } from './rational.js';
import { splitTopLevel, wrapperOf, type Wrapper } from './math-structure.js';

const PLAIN_NUMBER = /^\s*-?\d+(?:\.\d+)?\s*$/;

/** The canonical form of one answer, or `null` when nothing is left of it. */
export function canonicalMath(raw: string): string | null {
  // Most answers are plain numbers: skip the LaTeX clean-up for them.
  const plain = PLAIN_NUMBER.test(raw) ? parseRational(raw.trim()) : null;
  if (plain !== null) return formatRational(plain);
  const cleaned = dropUnits(stripDecorations(unwrapMathDelimiters(raw.replace(/\s+/g, ' ').trim())));
  const withoutThousands = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(cleaned) ? cleaned.replaceAll(',', '') : cleaned;
  const compact = dropStrayBackslashes(removeSpaces(withoutThousands));
  const canonical = canonicalStructure(expandPlusMinus(intervalOfInequality(stripAssignment(compact))));
  return canonical === '' ? null : canonical;
}

/**
 * A backslash before a digit, sign or bracket is left over from a deleted space command (`(-2,\1)`
 * from `(-2,\ 1)`), and `\\` before a command is a line break; neither changes the answer. Matrix
 * rows (`1\\2`) keep their `\\`.
 */
function dropStrayBackslashes(text: string): string {
  const withoutStray = text.replace(/(?<!\\)\\(?=[\d+\-()[\]])/g, '');
  return text.includes('\\begin') ? withoutStray : withoutStray.replace(/\\\\(?=[a-zA-Z])/g, '\\');
}

const isVariable = (piece: string | undefined): boolean => piece !== undefined && VARIABLE.test(piece);
/** Whether a comparison puts its left side below its right side. */
const lower = (op: string): boolean => op === '<' || op === '\\le';
/** The bracket a strict or non-strict comparison gives. */
const bound = (op: string, open: string, closed: string): string => (op === '<' || op === '>' ? open : closed);

/**
 * An inequality in one variable is the interval it describes: `3<x\le4` → `(3,4]`, `x\ge2` →
 * `[2,\infty)`, so it meets the interval the gold answer writes.
 */
function intervalOfInequality(text: string): string {
  const pieces = text.split(/(<|>|\\le(?![a-zA-Z])|\\ge(?![a-zA-Z]))/);
  const [a = '', op1 = '', b = '', op2 = '', c = ''] = pieces;
  if (pieces.length === 5 && isVariable(b) && lower(op1) === lower(op2)) {
    const [low, lowOp, high, highOp] = lower(op1) ? [a, op1, c, op2] : [c, op2, a, op1];
    return `${bound(lowOp, '(', '[')}${low},${high}${bound(highOp, ')', ']')}`;
  }
  if (pieces.length !== 3 || isVariable(a) === isVariable(b)) return text;
  // `x > 2` and `2 < x` both say the variable is above 2.
  const [value, above] = isVariable(a) ? [b, !lower(op1)] : [a, lower(op1)];
  return above ? `${bound(op1, '(', '[')}${value},\\infty)` : `(-\\infty,${value}${bound(op1, ')', ']')}`;
}

/** `1\pm\sqrt{5}` is the two answers `1+\sqrt{5}` and `1-\sqrt{5}` (one `\pm` or `\mp`, not inside a list). */
function expandPlusMinus(text: string): string {
  const signs = text.match(/\\(?:pm|mp)(?![a-zA-Z])/g);
  if (signs?.length !== 1 || splitTopLevel(text, ',').length !== 1 || wrapperOf(text) !== null) return text;
  return `${text.replace(signs[0] as string, '+')},${text.replace(signs[0] as string, '-')}`;
}

/** Markup that never changes the value: boxes, sizing, spacing, currency, percent and degree signs. */
function stripDecorations(text: string): string {
  let s = rewriteCommand(text, ['boxed', 'fbox', 'textbf', 'mathbf', 'mathrm', 'displaystyle'], (inner) => inner);
  s = rewriteCommand(s.replace(TEXT_UNIT, '$1'), ['text', 'textrm', 'mbox', 'textit'], (inner) => inner);
  s = s
    .replace(/,\\!\s*(?=\d{3}(?!\d))/g, ',') // `10,\!080`: LaTeX's thousands separator
    .replace(/\\(?:left|right|big|Big|bigg|Bigg)(?![a-zA-Z])\.?/g, '')
    .replace(/(?<!\\)\\!/g, '')
    .replace(/\\(?:displaystyle|quad|qquad)(?![a-zA-Z])|(?<!\\)\\[,;: ]|~/g, ' ')
    .replace(/\\[dt]frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom')
    .replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|°|\\degree(?![a-zA-Z])/g, '')
    .replace(/\\?\$|\\?%/g, '')
    .replace(/\{,\}/g, ',')
    .replace(/\\(?:neq)(?![a-zA-Z])/g, '\\ne')
    .replace(/\\(?:leq|leqslant)(?![a-zA-Z])/g, '\\le')
    .replace(/\\(?:geq|geqslant)(?![a-zA-Z])/g, '\\ge')
    .replace(/\\varnothing(?![a-zA-Z])/g, '\\emptyset')
    .replace(/∞/g, '\\infty')
    .replace(/\\(?:dots|ldots|cdots)(?![a-zA-Z])/g, '\\dots')
    .replace(/\b(?:b|p)matrix\b/g, 'pmatrix')
    .trim();
  return s.replace(/(?:\s*\.)+$/, '').replace(/^(?:\\therefore|so|thus)\s+/i, '').trim();
}

/**
 * `\text{…}` after a value is a unit (`5\text{ cm}`, `15\mbox{ cm}^2`) and goes; any other
 * `\text{…}` holds the answer's words (`\text{(A)}`, `\text{yes}`) and only loses the command.
 */
const TEXT_UNIT = /([\d})])\s*\\(?:text|textrm|mbox)\{\s*[a-zA-Z][a-zA-Z .]*\}\s*(?:\^\s*\{?\d\}?)?\s*$/;

// Unit and filler words (Minerva's list and GSM8K's usual ones). Several letters only, after a value:
// a single letter may be a variable.
const UNIT_WORDS = [
  'units?', 'square', 'sq', 'cubic', 'cm', 'centimeters?', 'meters?', 'km', 'kilometers?', 'mm', 'inch(?:es)?',
  'feet', 'foot', 'ft', 'yards?', 'miles?', 'mph', 'hours?', 'hrs?', 'minutes?', 'mins?', 'seconds?', 'secs?',
  'days?', 'weeks?', 'months?', 'years?', 'dollars?', 'cents?', 'degrees?', 'pounds?', 'lbs?', 'grams?', 'kg',
  'ounces?', 'oz', 'liters?', 'litres?', 'ml', 'gallons?', 'ways', 'integers', 'points', 'digits', 'percent',
  'people', 'students', 'times', 'books', 'grade', 'per',
].join('|');
const TRAILING_UNIT = new RegExp(String.raw`([\d})])\s*(?:(?:${UNIT_WORDS})\b\.?\s*(?:\^\s*\{?\d\}?)?\s*)+$`, 'i');

// `12^{th}`, `12th grade` → 12.
const ORDINAL = /(\d)\s*(?:\^\s*\{?\s*(?:st|nd|rd|th)\s*\}?|(?:st|nd|rd|th)(?=grade|[^a-zA-Z]|$))(?=\s*(?:grade)?\s*$)/i;

function dropUnits(text: string): string {
  return text.replace(ORDINAL, '$1').replace(TRAILING_UNIT, '$1');
}

/**
 * Spaces carry no meaning, except between a command and a letter (`\pi r` is not `\pir`), where one
 * space stays.
 */
function removeSpaces(text: string): string {
  return text.replace(/(\\[a-zA-Z]+)\s+(?=[a-zA-Z])/g, '$1\u0000').replace(/\s+/g, '').replaceAll('\u0000', ' ');
}

/** Lists, tuples, intervals and sets element by element; a lone value as a scalar. */
function canonicalStructure(text: string): string {
  const wrapper = wrapperOf(text);
  const inner = wrapper === null ? text : text.slice(wrapper.open.length, text.length - wrapper.close.length);
  const parts = splitTopLevel(inner, ',').map(canonicalScalar).filter((part) => part !== '');
  if (parts.length === 0) return '';
  if (wrapper === null && parts.length === 1) return parts[0] as string;
  // A parenthesised single value is that value: `(A)` is `A`, `(5)` is `5`; `[5]` stays a list.
  if (wrapper?.open === '(' && wrapper.close === ')' && parts.length === 1) return parts[0] as string;
  return joinParts(parts, wrapper);
}

/** Bare lists and sets are unordered (sorted); tuples and intervals keep their order and brackets. */
function joinParts(parts: string[], wrapper: Wrapper | null): string {
  const unordered = wrapper === null || wrapper.open === '\\{';
  const ordered = unordered ? parts.toSorted() : parts;
  return wrapper === null ? ordered.join(',') : `${wrapper.open}${ordered.join(',')}${wrapper.close}`;
}

/** One value: assignments lose their variable, numbers become exact rationals, LaTeX shorthand is spelt out. */
function canonicalScalar(text: string): string {
  const value = fixShorthand(stripAssignment(text));
  const rational = parseRational(value.replace(/^\+/, ''));
  if (rational !== null) return formatRational(rational);
  return value;
}

const NAME = String.raw`(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?`;
/** One variable: `x`, `\theta`, `a_1`, `a_{12}`. */
const VARIABLE = new RegExp(`^${NAME}$`);
/** What an answer may assign to: a variable, a function of one (`f(x)`), or a tuple of variables. */
const ASSIGNMENT = new RegExp(String.raw`^(?:${NAME}(?:\([a-z]\))?|\((?:${NAME},)+${NAME}\))(?:=|\\in(?![a-zA-Z]))(.+)$`);

/** `x=5` → `5`, `x\in[1,2]` → `[1,2]`, `f(x)=3x` → `3x`, `(p,q)=(1,2)` → `(1,2)`. */
function stripAssignment(text: string): string {
  const match = ASSIGNMENT.exec(text);
  if (match === null || (match[1] as string).includes('=')) return text;
  return match[1] as string;
}

/** `\sqrt3` → `\sqrt{3}`, `\frac12` → `\frac{1}{2}`, `\frac1{x}` / `\frac{x}2` likewise; `x^{2}` → `x^2`. */
function fixShorthand(text: string): string {
  return text
    .replace(/([_^])\{(\w)\}/g, '$1$2')
    .replace(/\\sqrt(?![a-zA-Z[{])(\\[a-zA-Z]+|\S)/g, '\\sqrt{$1}')
    .replace(/\\frac(?![a-zA-Z{])(\S)(?!\{)(\S)/g, '\\frac{$1}{$2}')
    .replace(/\\frac(?![a-zA-Z{])(\S)\{/g, '\\frac{$1}{')
    .replace(/\\frac\{([^{}]*)\}(?![{])(\S)/g, '\\frac{$1}{$2}');
}
