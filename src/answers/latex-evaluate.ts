/**
 * A small evaluator for the LaTeX of final answers (`\frac{\sqrt{2}}{2}`, `2\sqrt{2}`, `3x^2+\pi`):
 * parses once into a tree, then evaluates at given variable values. It exists to test whether two
 * differently written answers have the same value (see math-equivalent.ts), so anything it does not
 * know (`\infty`, matrices, relations) is a parse failure, never a guess. Linear-time recursive descent
 * with a depth cap: it cannot hang.
 */

type Node =
  | { op: 'num'; value: number }
  | { op: 'var'; name: string }
  | { op: 'neg' | 'fact' | 'sqrt' | 'abs'; arg: Node }
  | { op: 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'root' | 'binom' | 'log'; left: Node; right: Node }
  | { op: 'call'; fn: (x: number) => number; arg: Node };

export interface CompiledExpression {
  /** Free variables, sorted. */
  variables: string[];
  evaluate(values: ReadonlyMap<string, number>): number;
}

const MAX_LENGTH = 400;
const MAX_DEPTH = 60;

const FUNCTIONS: Record<string, (x: number) => number> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, cot: (x) => 1 / Math.tan(x), sec: (x) => 1 / Math.cos(x),
  csc: (x) => 1 / Math.sin(x), arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan, sinh: Math.sinh,
  cosh: Math.cosh, tanh: Math.tanh, ln: Math.log, exp: Math.exp,
};
const GREEK = new Set(
  'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta kappa lambda mu nu xi rho sigma tau phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma Phi Psi Omega'.split(' '),
);

/** The expression as a tree ready to evaluate, or `null` when it is not plain arithmetic. */
export function compileExpression(text: string): CompiledExpression | null {
  if (text.length > MAX_LENGTH) return null;
  try {
    const parser = new Parser(tokenize(text));
    const tree = parser.expression();
    if (!parser.done()) return null;
    const variables = [...parser.variables].toSorted();
    return { variables, evaluate: (values) => evaluate(tree, values) };
  } catch {
    return null;
  }
}

const TOKEN = /\\[a-zA-Z]+|\\.|\d+(?:\.\d*)?|\.\d+|\S/g;

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

class Parser {
  readonly variables = new Set<string>();
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: string[]) {}

  done(): boolean {
    return this.at === this.tokens.length;
  }

  expression(): Node {
    return this.nested(() => {
      let left = this.term();
      for (let token = this.peek(); token === '+' || token === '-'; token = this.peek()) {
        this.at++;
        left = { op: token === '+' ? 'add' : 'sub', left, right: this.term() };
      }
      return left;
    });
  }

  private term(): Node {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token === '*' || token === '\\cdot' || token === '\\times') {
        this.at++;
        left = { op: 'mul', left, right: this.unary() };
      } else if (token === '/' || token === '\\div') {
        this.at++;
        left = { op: 'div', left, right: this.unary() };
      } else if (token !== undefined && startsFactor(token)) {
        left = { op: 'mul', left, right: this.power() }; // implicit: `2\sqrt{2}`, `3x`
      } else {
        return left;
      }
    }
  }

  private unary(): Node {
    const token = this.peek();
    if (token === '-' || token === '+') {
      this.at++;
      const arg = this.nested(() => this.unary());
      return token === '-' ? { op: 'neg', arg } : arg;
    }
    return this.power();
  }

  private power(): Node {
    let base = this.primary();
    while (this.peek() === '!') {
      this.at++;
      base = { op: 'fact', arg: base };
    }
    if (this.peek() !== '^') return base;
    this.at++;
    return { op: 'pow', left: base, right: this.nested(() => this.argument()) };
  }

  /** A `{group}` or one token: `x^2`, `\sqrt3`, `\frac12` take a single digit or letter. */
  private argument(): Node {
    if (this.peek() === '{') return this.group('{', '}');
    const token = this.next();
    if (/^\d\d/.test(token)) this.tokens.splice(this.at, 0, token.slice(1)); // `^23` is `^2` then 3
    if (/^\d/.test(token)) return { op: 'num', value: Number(token[0]) };
    this.at--;
    return this.primary();
  }

  private primary(): Node {
    return this.nested(() => {
      const token = this.next();
      if (/^[\d.]/.test(token)) return { op: 'num', value: Number(token) };
      if (token === '(' || token === '[' || token === '{') {
        this.at--;
        return this.group(token, token === '(' ? ')' : token === '[' ? ']' : '}');
      }
      if (token === '|') {
        const arg = this.expression();
        this.expect('|');
        return { op: 'abs', arg };
      }
      if (/^[a-zA-Z]$/.test(token)) return token === 'e' ? { op: 'num', value: Math.E } : this.variable(token);
      if (token.startsWith('\\')) return this.command(token.slice(1));
      throw new Error(`unexpected ${token}`);
    });
  }

  private command(name: string): Node {
    if (name === 'frac') return { op: 'div', left: this.argument(), right: this.argument() };
    if (name === 'binom') return { op: 'binom', left: this.argument(), right: this.argument() };
    if (name === 'sqrt') {
      if (this.peek() !== '[') return { op: 'sqrt', arg: this.argument() };
      const index = this.group('[', ']');
      return { op: 'root', left: this.argument(), right: index };
    }
    if (name === 'pi') return { op: 'num', value: Math.PI };
    if (name === 'log') {
      const base: Node = this.peek() === '_' ? (this.at++, this.argument()) : { op: 'num', value: 10 };
      return { op: 'log', left: this.power(), right: base };
    }
    const fn = FUNCTIONS[name];
    if (fn !== undefined) return this.functionCall(fn);
    if (GREEK.has(name)) return this.variable(`\\${name}`);
    throw new Error(`unknown command \\${name}`);
  }

  /** `\sin x`, `\sin(2x)`, `\sin^2 x` (the power applies to the value). */
  private functionCall(fn: (x: number) => number): Node {
    if (this.peek() !== '^') return { op: 'call', fn, arg: this.power() };
    this.at++;
    const exponent = this.argument();
    return { op: 'pow', left: { op: 'call', fn, arg: this.power() }, right: exponent };
  }

  private variable(name: string): Node {
    let full = name;
    if (this.peek() === '_') {
      this.at++;
      const sub = this.peek() === '{' ? this.rawGroup() : this.next();
      full = `${name}_{${sub}}`;
    }
    this.variables.add(full);
    return { op: 'var', name: full };
  }

  private group(open: string, close: string): Node {
    this.expect(open);
    const inner = this.expression();
    this.expect(close);
    return inner;
  }

  /** The tokens of a `{…}` group joined back, for subscripts like `a_{12}`. */
  private rawGroup(): string {
    this.expect('{');
    const parts: string[] = [];
    while (this.peek() !== '}') parts.push(this.next());
    this.at++;
    return parts.join('');
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new Error('too deeply nested');
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }

  private next(): string {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new Error('unexpected end');
    return token;
  }

  private expect(token: string): void {
    if (this.next() !== token) throw new Error(`expected ${token}`);
  }
}

function startsFactor(token: string): boolean {
  if (/^[\d.a-zA-Z(]/.test(token) || token === '{') return true;
  if (!token.startsWith('\\')) return false;
  const name = token.slice(1);
  return ['frac', 'sqrt', 'pi', 'log', 'binom'].includes(name) || name in FUNCTIONS || GREEK.has(name);
}

function evaluate(node: Node, values: ReadonlyMap<string, number>): number {
  switch (node.op) {
    case 'num': return node.value;
    case 'var': return values.get(node.name) ?? Number.NaN;
    case 'neg': return -evaluate(node.arg, values);
    case 'abs': return Math.abs(evaluate(node.arg, values));
    case 'sqrt': return Math.sqrt(evaluate(node.arg, values));
    case 'fact': return factorial(evaluate(node.arg, values));
    case 'call': return node.fn(evaluate(node.arg, values));
    case 'add': return evaluate(node.left, values) + evaluate(node.right, values);
    case 'sub': return evaluate(node.left, values) - evaluate(node.right, values);
    case 'mul': return evaluate(node.left, values) * evaluate(node.right, values);
    case 'div': return evaluate(node.left, values) / evaluate(node.right, values);
    case 'pow': return Math.pow(evaluate(node.left, values), evaluate(node.right, values));
    case 'root': return nthRoot(evaluate(node.left, values), evaluate(node.right, values));
    case 'log': return Math.log(evaluate(node.left, values)) / Math.log(evaluate(node.right, values));
    case 'binom': return binomial(evaluate(node.left, values), evaluate(node.right, values));
  }
}

/** Real n-th root, negative radicands allowed for odd n (`\sqrt[3]{-8}` = -2). */
function nthRoot(x: number, n: number): number {
  if (x < 0 && Number.isInteger(n) && n % 2 === 1) return -Math.pow(-x, 1 / n);
  return Math.pow(x, 1 / n);
}

function factorial(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 170) return Number.NaN;
  let product = 1;
  for (let k = 2; k <= n; k++) product *= k;
  return product;
}

function binomial(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 0 || k > n || n > 1000) return Number.NaN;
  let result = 1;
  for (let j = 1; j <= k; j++) result = (result * (n - k + j)) / j;
  return result;
}
