/**
 * Self-feedback through the CLI: one `quorum ask` per toy-arith dev problem 100–159 on toy-arith-sf,
 * seed 7, T = 1, for four commands — majority of 16, solve-detect-verify with rederive (budget 16), one
 * sample, and one sample with one check-and-correct round (the same first sample: same seed). Prints
 * one JSON line per command (problems right, completion tokens) and one per comparison.
 *
 *   flock /work/.heavy.lock npx tsx bench/self-feedback-cli.ts [--from 100] [--to 159]
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { MODELS, REPO_ROOT, sharedPath } from '../test/shared.js';

const { values: args } = parseArgs({ options: { from: { type: 'string', default: '100' }, to: { type: 'string', default: '159' } } });
const problems = readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; question: string; answer: number })
  .slice(Number(args.from), Number(args.to) + 1);

const COMMANDS: Record<string, string[]> = {
  'majority -n 16': ['--strategy', 'majority', '-n', '16'],
  'solve-detect-verify --verify rederive -n 16': ['--strategy', 'solve-detect-verify', '--verify', 'rederive', '-n', '16'],
  '-n 1': ['-n', '1'],
  '-n 1 --refine 1 --verify rederive': ['-n', '1', '--refine', '1', '--verify', 'rederive'],
};

interface Answered {
  right: boolean;
  completionTokens: number;
}

async function ask(question: string, extra: string[]): Promise<{ answer: string | null; usage: { completionTokens: number } }> {
  // The problem text without the toy format's "Q: " and "\nA:": quorum ask --format qa adds them back.
  const text = question.replace(/^Q: /, '').replace(/\nA:$/, '');
  const argv = ['bin/quorum.js', 'ask', '--model', MODELS.toyArithSf, '--format', 'qa', '-t', '1', '--seed', '7', '--json', ...extra, text];
  const { stdout } = await promisify(execFile)(process.execPath, argv, { cwd: REPO_ROOT, maxBuffer: 1 << 24 });
  return JSON.parse(stdout) as { answer: string | null; usage: { completionTokens: number } };
}

const results = new Map<string, Answered[]>();
for (const [name, extra] of Object.entries(COMMANDS)) {
  const answered: Answered[] = [];
  for (const p of problems) {
    const r = await ask(p.question, extra);
    answered.push({ right: r.answer === String(p.answer), completionTokens: r.usage.completionTokens });
  }
  results.set(name, answered);
  const right = answered.filter((a) => a.right).length;
  const tokens = answered.reduce((sum, a) => sum + a.completionTokens, 0);
  console.log(JSON.stringify({ bench: 'self-feedback-cli', problems: `dev ${args.from}–${args.to}`, command: `quorum ask ${name}`, right, of: problems.length, completion_tokens: tokens }));
}
const total = (name: string, f: (a: Answered) => number): number => (results.get(name) ?? []).reduce((s, a) => s + f(a), 0);
const right = (name: string): number => total(name, (a) => (a.right ? 1 : 0));
const tokens = (name: string): number => total(name, (a) => a.completionTokens);
const sdv = 'solve-detect-verify --verify rederive -n 16';
console.log(JSON.stringify({ bench: 'self-feedback-cli', comparison: 'solve-detect-verify vs majority -n 16', right_gap: right(sdv) - right('majority -n 16'), token_ratio: Math.round((1000 * tokens(sdv)) / tokens('majority -n 16')) / 1000, met: right(sdv) >= right('majority -n 16') - 2 && tokens(sdv) <= 0.35 * tokens('majority -n 16') }));
const refine = '-n 1 --refine 1 --verify rederive';
console.log(JSON.stringify({ bench: 'self-feedback-cli', comparison: 'one refine round vs -n 1 (same sample)', gain: right(refine) - right('-n 1'), token_ratio: Math.round((1000 * tokens(refine)) / tokens('-n 1')) / 1000, met: right(refine) - right('-n 1') >= 2 }));
