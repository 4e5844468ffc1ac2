/**
 * Exact evaluation of plain arithmetic over whole numbers — `+ - * /`, `×`, `÷`, brackets — as a
 * checker needs it: every literal it used (in order) and the exact rational value, or `null` when the
 * text is not such an expression or divides by zero. No unary minus: puzzles combine the numbers
 * given, they do not negate them.
 */
import { add, divide, multiply, rational, subtract, type Rational } from './rational.js';

export interface Evaluated {
  value: Rational;
  /** The number literals, in the order written. */
  literals: bigint[];
}

const TOKEN = /\s*(\d+|[-+*/()×÷x])/y;

export function evaluateArithmetic(text: string): Evaluated | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    tokens.push((match[1] as string).replace(/[×x]/, '*').replace('÷', '/'));
    at = TOKEN.lastIndex;
  }
  if (text.slice(at).trim() !== '' || tokens.length === 0) return null;
  const literals: bigint[] = [];
  let position = 0;
  const peek = (): string | undefined => tokens[position];

  // expression := term (('+' | '-') term)*;  term := factor (('*' | '/') factor)*;  factor := number | '(' expression ')'
  type Operation = (a: Rational, b: Rational) => Rational | null;
  const level = (operand: () => Rational | null, operations: Record<string, Operation>) => (): Rational | null => {
    let left = operand();
    for (let op = operations[peek() ?? '']; left !== null && op !== undefined; op = operations[peek() ?? '']) {
      position++;
      const right = operand();
      left = right === null ? null : op(left, right);
    }
    return left;
  };
  const term = level(() => factor(), { '*': multiply, '/': divide });
  const expression = level(term, { '+': add, '-': subtract });
  const factor = (): Rational | null => {
    const token = tokens[position++];
    if (token === '(') {
      const inner = expression();
      return tokens[position++] === ')' ? inner : null;
    }
    if (token === undefined || !/^\d+$/.test(token)) return null;
    literals.push(BigInt(token));
    return rational(BigInt(token));
  };

  const value = expression();
  return value === null || position !== tokens.length ? null : { value, literals };
}
