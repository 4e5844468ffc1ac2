/**
 * When two canonical math answers mean the same: equal strings first (the common case in a vote),
 * then the same shape (tuple, interval, set, list, equation) compared part by part, then equal values
 * by evaluation. Results are cached: vote grouping asks about the same pairs again and again.
 */
import { compileExpression, type CompiledExpression } from './latex-evaluate.js';
import { splitTopLevel, wrapperOf } from './math-structure.js';
import { looksNonArithmetic } from './not-arithmetic.js';

/**
 * Relative tolerance for values computed from expressions: absorbs floating-point error in
 * evaluating `\frac{\sqrt{2}}{2}` vs `\sqrt{2}/2`, and is far too tight to accept rounded answers
 * (`3.14` is not `\pi`, `0.333` is not `\frac{1}{3}`).
 */
export const RELATIVE_TOLERANCE = 1e-9;

/** Below this, a difference is floating-point noise around zero (`\cos(\pi/2)` vs `0`). */
export const ABSOLUTE_FLOOR = 1e-12;

const CACHE_LIMIT = 50_000;
const pairCache = new Map<string, boolean>();
const expressionCache = new Map<string, CompiledExpression | null>();

export function mathEquivalent(a: string, b: string): boolean {
  if (a === b) return true;
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  const cached = pairCache.get(key);
  if (cached !== undefined) return cached;
  const result = sameShapeAndParts(a, b);
  remember(pairCache, key, result);
  return result;
}

function sameShapeAndParts(a: string, b: string): boolean {
  const left = shapeOf(a);
  const right = shapeOf(b);
  // An equation against a value: the value it ends with (`m+n=5+24=29` states 29).
  if (statesValue(left) && right.kind !== '=') return mathEquivalent(left.parts.at(-1) as string, b);
  if (statesValue(right) && left.kind !== '=') return mathEquivalent(a, right.parts.at(-1) as string);
  if (left.kind !== right.kind || left.parts.length !== right.parts.length) return false;
  if (left.kind === 'scalar') return sameValue(a, b);
  if (left.kind === 'unordered') return matchesAll(left.parts, right.parts);
  return left.parts.every((part, i) => partsEqual(part, right.parts[i] as string));
}

interface Shape {
  /** `scalar`, `unordered` (bare list, set), `=` (an equation's sides), or an ordered one's brackets (`(]`, `pmatrix2x2`). */
  kind: string;
  parts: string[];
}

function shapeOf(text: string): Shape {
  const matrix = /^\\begin\{pmatrix\}(.*)\\end\{pmatrix\}$/.exec(text);
  if (matrix !== null) {
    const rows = (matrix[1] as string).split('\\\\').map((row) => row.split('&'));
    // A single row or column is a vector, the same answer as the tuple `(a,b,c)`.
    const isVector = rows.length === 1 || rows.every((row) => row.length === 1);
    return { kind: isVector ? '()' : `pmatrix${rows.map((row) => row.length).join('x')}`, parts: rows.flat() };
  }
  const wrapper = wrapperOf(text);
  const inner = wrapper === null ? text : text.slice(wrapper.open.length, text.length - wrapper.close.length);
  const parts = splitTopLevel(inner, ',');
  if (wrapper === null && parts.length === 1) {
    const sides = splitTopLevel(text, '=');
    return sides.length > 1 ? { kind: '=', parts: sides } : { kind: 'scalar', parts };
  }
  if (wrapper === null || wrapper.open === '\\{') return { kind: 'unordered', parts };
  return { kind: `${wrapper.open}${wrapper.close}`, parts };
}

/**
 * An equation that ends in a value states that value (`xy+yz+zx=6`, `AF^2+BF^2=3R^2`), unless it ends
 * in 0: `5x-7y+11z+4=0` is a plane, not the number 0. (A curve such as `x^2+y^2=25` still meets the
 * value 25: equivalence is symmetric, so it cannot tell which side is the gold.)
 */
function statesValue(shape: Shape): boolean {
  return shape.kind === '=' && shape.parts.at(-1) !== '0';
}

function partsEqual(a: string, b: string): boolean {
  return a === b || sameValue(a, b);
}

/** Every part of `a` pairs with a different equal part of `b` (lists are small: greedy is fine). */
function matchesAll(a: string[], b: string[]): boolean {
  const unused = [...b];
  return a.every((part) => {
    const index = unused.findIndex((other) => partsEqual(part, other));
    if (index < 0) return false;
    unused.splice(index, 1);
    return true;
  });
}

// Variables are tried at a few fixed irrational-looking points: two different polynomials agree on
// all of them only by accident.
const POINTS = [0.5772156649, 1.3247179572, -0.7390851332, 2.2360679775, 1.1938204917, -1.2837462911, 0.4127305641];
const ROUNDS = 3;

/** Both parse, use the same variables, and agree at every test point. Dates, times and versions are never evaluated. */
function sameValue(a: string, b: string): boolean {
  if (looksNonArithmetic(a) || looksNonArithmetic(b)) return false;
  const left = compiled(a);
  const right = compiled(b);
  if (left === null || right === null) return false;
  if (left.variables.join(',') !== right.variables.join(',')) return false;
  for (let round = 0; round < ROUNDS; round++) {
    const values = new Map(left.variables.map((name, i) => [name, POINTS[(round * 3 + i) % POINTS.length] as number]));
    if (!close(left.evaluate(values), right.evaluate(values))) return false;
    if (left.variables.length === 0) return true; // a constant needs one round
  }
  return true;
}

function close(x: number, y: number): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= Math.max(RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y)), ABSOLUTE_FLOOR);
}

function compiled(text: string): CompiledExpression | null {
  if (expressionCache.has(text)) return expressionCache.get(text) ?? null;
  const result = compileExpression(text);
  remember(expressionCache, text, result);
  return result;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
