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

/** The canonical form of one answer, or `null` when nothing is left of it. */
export function canonicalMath(raw: string): string | null {
  const cleaned = dropUnits(stripDecorations(unwrapMathDelimiters(raw.replace(/\s+/g, ' ').trim())));
  const withoutThousands = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(cleaned) ? cleaned.replaceAll(',', '') : cleaned;
  const canonical = canonicalStructure(removeSpaces(withoutThousands));
  return canonical === '' ? null : canonical;
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
  'people', 'students', 'times', 'books',
].join('|');
const TRAILING_UNIT = new RegExp(String.raw`([\d})])\s*(?:(?:${UNIT_WORDS})\b\.?\s*(?:\^\s*\{?\d\}?)?\s*)+$`, 'i');

function dropUnits(text: string): string {
  return text.replace(TRAILING_UNIT, '$1');
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

/** `x=5` → `5`, `x\in[1,2]` → `[1,2]`, when the left side is one variable (`x`, `\theta`, `a_1`). */
function stripAssignment(text: string): string {
  const match = /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?(?:=|\\in(?![a-zA-Z]))(.+)$/.exec(text);
  if (match === null || (match[1] as string).includes('=')) return text;
  return match[1] as string;
}

/** `\sqrt3` → `\sqrt{3}`, `\frac12` → `\frac{1}{2}`, `\frac1{x}` / `\frac{x}2` likewise. */
function fixShorthand(text: string): string {
  return text
    .replace(/\\sqrt(?![a-zA-Z[{])(\\[a-zA-Z]+|\S)/g, '\\sqrt{$1}')
    .replace(/\\frac(?![a-zA-Z{])(\S)(?!\{)(\S)/g, '\\frac{$1}{$2}')
    .replace(/\\frac(?![a-zA-Z{])(\S)\{/g, '\\frac{$1}{')
    .replace(/\\frac\{([^{}]*)\}(?![{])(\S)/g, '\\frac{$1}{$2}');
}
