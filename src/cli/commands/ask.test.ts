import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, REPO_ROOT, sharedPath } from '../../../test/shared.js';
import { useToyArithServerBehindProxy } from '../../test-support/toy-arith-server.js';

/** The first toy-arith dev question, without its "Q: …\nA:" frame (ask adds it with --format qa). */
const DEV = JSON.parse(readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8').split('\n')[0] as string) as { question: string; answer: number };
const QUESTION = DEV.question.replace(/^Q: /, '').replace(/\nA:$/, '');
const MISSING_MODEL = path.join(os.tmpdir(), 'quorum-no-such-dir', 'model.gguf');
const emptyDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'quorum-ask-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bin/quorum.js ask …` as a user would (without the caller's QUORUM_* and OPENAI_* variables, plus `env`). */
async function quorumAsk(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(QUORUM|OPENAI)_/.test(name)));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/quorum.js', 'ask', ...args], { cwd: REPO_ROOT, env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const toyArith = ['--model', MODELS.toyArith, '--threads', '1'];
const withoutTime = (text: string): string => text.replace(/time: \S+ s/, 'time:');

interface AskJson {
  question: string;
  backend: string;
  answer: string | null;
  confidence: number;
  confidenceKind: string;
  abstained: boolean;
  votes: { answer: string; count: number; weight: number; samples: number[] }[];
  samples: { usable: number; total: number; noAnswer: number; cancelled: number; failed: number };
  usage: { promptTokens: number; completionTokens: number; calls: number };
  stop: { rule: string; reason: string };
  elapsedMs: number;
  seed: number;
  texts: { index: number; status: string; answer: string | null; tokens: number; text: string }[];
}

async function askJson(args: string[], env?: Record<string, string>): Promise<AskJson> {
  const run = await quorumAsk([...args, '--json'], env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as AskJson;
}

describe('quorum ask with the embedded toy-arith model (through bin/quorum.js)', () => {
  it('answers a dev question correctly with a vote table, the same for the same seed', async () => {
    const first = await quorumAsk([...toyArith, '--seed', '7', QUESTION]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe(`answer: ${DEV.answer}`);
    expect(lines[1]).toMatch(/^confidence: (0\.\d{3}|1\.000) \(vote-share, strategy majority\)$/);
    expect(lines[2]).toBe('votes (16 usable of 16 samples):');
    expect(lines[3]).toMatch(/^ {2}answer +votes +weight +share$/);
    const rows = lines.slice(4).filter((line) => /^ {2}\S+ +\d+ +\d+ +\d+%$/.test(line));
    expect(rows[0]).toMatch(new RegExp(`^ {2}${DEV.answer} +\\d+`));
    const votes = rows.map((row) => Number(row.trim().split(/ +/)[1]));
    expect(votes.reduce((a, b) => a + b, 0)).toBe(16);
    expect(first.stdout).toMatch(/\ntokens: \d+ prompt \+ \d+ completion in 16 calls\nstopped: budget: 16 samples\ntime: \d+\.\d\d s {3}backend: llama:toy-arith\.gguf {3}seed: 7\n$/);

    const again = await quorumAsk([...toyArith, '--seed', '7', QUESTION]);
    expect(withoutTime(again.stdout)).toBe(withoutTime(first.stdout));
  });

  it('--json gives the decision, the vote table, samples, usage, stop and time', async () => {
    const result = await askJson([...toyArith, '--seed', '7', '-n', '8', QUESTION]);
    expect(result).toMatchObject({ question: QUESTION, backend: 'llama:toy-arith.gguf', answer: String(DEV.answer), abstained: false, seed: 7, confidenceKind: 'vote-share' });
    expect(result.samples).toEqual({ usable: 8, total: 8, noAnswer: 0, cancelled: 0, failed: 0 });
    expect(result.votes[0]?.answer).toBe(String(DEV.answer));
    expect(result.votes.reduce((sum, v) => sum + v.count, 0)).toBe(8);
    expect(result.confidence).toBe((result.votes[0]?.count ?? 0) / 8);
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.stop).toEqual({ rule: 'none', reason: 'budget: 8 samples' });
    expect(result.usage.calls).toBe(8);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.usage.completionTokens).toBe(result.texts.reduce((sum, t) => sum + t.tokens, 0));
    expect(result.texts).toHaveLength(8);
    for (const text of result.texts) expect(text.text).toContain(`The answer is ${text.answer ?? ''}`);
    expect(Number.isInteger(result.elapsedMs) && result.elapsedMs >= 0).toBe(true);
  });

  it('--answer takes a regex and a module of your own, and they agree with math on the same samples', async () => {
    const byMath = await askJson([...toyArith, '--seed', '7', '-n', '8', QUESTION]);
    const byRegex = await askJson([...toyArith, '--seed', '7', '-n', '8', '--answer', 'regex:The answer is (-?\\d+)', QUESTION]);
    const byModule = await askJson([...toyArith, '--seed', '7', '-n', '8', '--answer', './src/cli/__fixtures__/last-integer-kind.mjs', QUESTION]);
    for (const result of [byRegex, byModule]) {
      expect(result.answer).toBe(byMath.answer);
      expect(result.votes.map((v) => [v.answer, v.count])).toEqual(byMath.votes.map((v) => [v.answer, v.count]));
    }
  });

  it('--stop auto stops before n=16 on an easy question, says why, and counts the cancelled samples', async () => {
    const fixed = await askJson([...toyArith, '--seed', '1', QUESTION]);
    const auto = await askJson([...toyArith, '--seed', '1', '--stop', 'auto', QUESTION]);
    expect(auto.answer).toBe(String(DEV.answer));
    expect(auto.stop.rule).toBe('auto');
    expect(auto.stop.reason).toMatch(new RegExp(`^P\\(${DEV.answer} leads \\| prior from 0 questions\\) = 0\\.9\\d+ after \\d+ samples$`));
    expect(auto.samples.usable).toBeLessThan(16);
    expect(auto.samples.total).toBe(auto.samples.usable + auto.samples.cancelled);
    // Partial tokens of cancelled samples count too, and the total is still under that of all 16 samples.
    expect(auto.usage.completionTokens).toBe(auto.texts.reduce((sum, t) => sum + t.tokens, 0));
    expect(auto.usage.completionTokens).toBeLessThan(fixed.usage.completionTokens);

    // The text report of another run says the same things; how many generations were still in flight
    // when the rule fired depends on timing, so its counts are checked for consistency, not equality.
    const text = await quorumAsk([...toyArith, '--seed', '1', '--stop', 'auto', QUESTION]);
    expect(text.code).toBe(0);
    const votes = /votes \((\d+) usable of (\d+) samples(?:; (\d+) cancelled when sampling stopped)?\):/.exec(text.stdout);
    expect(votes).not.toBeNull();
    const [usable, total, cancelled] = (votes ?? []).slice(1).map((n) => Number(n ?? 0)) as [number, number, number];
    expect(usable).toBeLessThan(16);
    expect(total).toBe(usable + cancelled);
    expect(text.stdout).toMatch(new RegExp(`\nstopped: auto: P\\(${DEV.answer} leads \\| prior from 0 questions\\) = 0\\.9\\d+ after \\d+ samples\n`));
    expect(text.stdout).toMatch(/\ntokens: \d+ prompt \+ \d+ completion in \d+ calls\n/);
  });

  it('abstains below the strategy threshold (exit 0) and says when a rule never stopped before the budget', async () => {
    const hard = JSON.parse(readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8').split('\n')[2] as string) as { question: string };
    const question = hard.question.replace(/^Q: /, '').replace(/\nA:$/, '');
    const run = await quorumAsk([...toyArith, '--seed', '3', '-n', '4', '--stop', 'esc:window=8', '--strategy', 'majority:abstainBelow=0.9', question]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^answer: none \(abstained; best was \d+ at \d+%\)\nconfidence: 0\.\d{3} \(vote-share, strategy majority:abstainBelow=0\.9\)\n/);
    expect(run.stdout).toContain('\nstopped: budget: 4 samples (esc(8) did not stop earlier)\n');
  });

  it('--stop deepconf works with the embedded model (it watches streamed top logprobs)', async () => {
    const result = await askJson([...toyArith, '--seed', '7', '--stop', 'deepconf:warmup=4', QUESTION]);
    expect(result.answer).toBe(String(DEV.answer));
    expect(result.stop.rule).toMatch(/^deepconf/);
    expect(result.stop.reason).toMatch(/confidence-weighted share of \d+ = \d\.\d{3} ≥ 0\.95/);
  });

  it('takes strategies as specs and requests the logprobs they weigh by', async () => {
    const spec = 'deepconf:tokenConfidence=logprob,eta=50';
    const result = await askJson([...toyArith, '--seed', '7', '-n', '8', '--strategy', spec, QUESTION]);
    expect(result.answer).toBe(String(DEV.answer));
    expect(result.confidenceKind).toBe('weight-share');
    const weightedResult = await askJson([...toyArith, '--seed', '7', '-n', '8', '--strategy', 'weighted', QUESTION]);
    // Without logprobs every vote would weigh 0; with them the weights are probabilities in (0, 1].
    const total = weightedResult.votes.reduce((sum, v) => sum + v.weight, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(8);
    expect(weightedResult.confidence).toBeGreaterThan(0);
  });
});

describe('quorum ask option errors', () => {
  it('--help lists the stop rule, the stop sequence and the cache folder with their defaults', async () => {
    const run = await quorumAsk(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n {6}--stop <rule> +stop sampling early by a rule: .*\(fixed, esc, beta, dirichlet, deepconf, short, auto\).*\(default: none: draw all n\)\n/);
    expect(run.stdout).toMatch(/\n {6}--stop-sequence <text> +text that ends a sample.*\(default: "\\n" with --format qa, none otherwise\)\n/);
    expect(run.stdout).toMatch(/\n {6}--cache-dir <folder> +.*env QUORUM_CACHE_DIR \(default: ~\/\.cache\/quorum\/models\)\n/);
    expect(run.stdout).toContain('(default: $QUORUM_API_KEY, else $OPENAI_API_KEY, else none)');
    expect(run.stdout).not.toContain('--stop-rule');
  });


  // A missing --model file proves the option was refused before any model was loaded (that would exit 1).
  it.each([
    [[] as string[], /give exactly one question \(quote it\), got 0/],
    [['--strategy', 'nope', QUESTION], /--strategy: unknown strategy "nope"; choose one of: majority, weighted/],
    [['--strategy', 'majority:foo=1', QUESTION], /--strategy: strategy "majority:foo=1": majority has no option "foo"/],
    [['--n', '0', QUESTION], /--n must be an integer >= 1, got "0"/],
    [['-n', 'many', QUESTION], /--n must be an integer >= 1, got "many"/],
    [['--stop', 'soon', QUESTION], /--stop: unknown stop rule "soon"; choose one of: fixed, esc, beta, dirichlet, deepconf, short, auto/],
    [['--stop', 'beta:threshold=2', QUESTION], /--stop: beta: threshold must be in \(0, 1\), got 2/],
    [['--stop', 'esc:window', QUESTION], /--stop: stop rule "esc:window": expected key=value/],
    [['--answer', 'poem', QUESTION], /--answer: unknown answer kind "poem"/],
    [['--answer', './no-such-kind.mjs', QUESTION], /--answer: no such module \.\/no-such-kind\.mjs/],
    [['--answer', './src/cli/__fixtures__/not-a-kind.mjs', QUESTION], /--answer: .*does not export an answer kind \(normalize must be a function\)/],
    [['--stop-rule', 'auto', QUESTION], /Unknown option '--stop-rule'.*quorum ask --help/],
  ])('%j exits 2 naming the problem, without loading a model', async (args, message) => {
    const run = await quorumAsk(['--model', MISSING_MODEL, ...args]);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });

  it('--base-url without a model name exits 2', async () => {
    const run = await quorumAsk(['--base-url', 'http://127.0.0.1:9/v1', QUESTION]);
    expect(run.stderr).toContain('--base-url needs --model (or QUORUM_MODEL)');
    expect(run.code).toBe(2);
  });

  it('a missing GGUF path exits 1 naming the file', async () => {
    const run = await quorumAsk(['--model', MISSING_MODEL, QUESTION]);
    expect(run.stderr).toBe(`quorum ask: model file not found: ${MISSING_MODEL}. Pass the path of a .gguf file, or an hf:user/repo/file.gguf URI.\n`);
    expect(run.code).toBe(1);
  });

  // This machine has no network: the default model cannot be downloaded into an empty cache folder.
  it('the default hf: model with an empty --cache-dir offline exits 1 with advice, leaving the folder empty', async () => {
    const cache = emptyDir();
    const run = await quorumAsk(['--cache-dir', cache, QUESTION]);
    expect(run.stderr).toContain('quorum ask: cannot download model "hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"');
    expect(run.stderr).toContain('pass its local path instead (e.g. --model ./model.gguf)');
    expect(run.code).toBe(1);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('an hf: model already in QUORUM_CACHE_DIR runs offline', async () => {
    const cache = emptyDir();
    symlinkSync(MODELS.toyArith, path.join(cache, 'hf_quorum-test_toy-arith_toy-arith.gguf'));
    const result = await askJson(['--model', 'hf:quorum-test/toy-arith/toy-arith.gguf', '--threads', '1', '--seed', '7', '-n', '8', QUESTION], { QUORUM_CACHE_DIR: cache });
    expect(result.backend).toBe('llama:hf_quorum-test_toy-arith_toy-arith.gguf');
    expect(result.answer).toBe(String(DEV.answer)); // the same draws as the --json test above
  });
});

describe('quorum ask --base-url against a real OpenAI-compatible server', () => {
  const live = useToyArithServerBehindProxy();

  it('asks through /v1/completions with --format qa and decides like the embedded model', async () => {
    const before = live.proxy.log.length;
    const result = await askJson(['--base-url', live.proxy.baseURL, '--model', 'toy-arith', '--format', 'qa', '--parallel', '4', '-n', '8', '--seed', '7', '--max-tokens', '64', QUESTION]);
    expect(result).toMatchObject({ backend: 'openai:toy-arith', answer: String(DEV.answer), abstained: false });
    expect(result.samples.usable).toBe(8);
    expect(result.usage.completionTokens).toBe(result.texts.reduce((sum, t) => sum + t.tokens, 0));
    const requests = live.proxy.log.slice(before);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request.path).toBe('/v1/completions');
      expect(request.body).toMatchObject({ model: 'toy-arith', prompt: `Q: ${QUESTION}\nA:`, stop: ['\n'], max_tokens: 64, temperature: 0.8 });
    }
  });

  it('with --stop auto, stops early over HTTP too', async () => {
    const result = await askJson(['--base-url', live.proxy.baseURL, '--model', 'toy-arith', '--format', 'qa', '--seed', '7', '--stop', 'auto', QUESTION]);
    expect(result.answer).toBe(String(DEV.answer));
    expect(result.stop.rule).toBe('auto');
    expect(result.samples.usable).toBeLessThan(16);
  });
});

describe('quorum ask API key', () => {
  let server: Server;
  const seen: (string | undefined)[] = [];
  let baseURL: string;
  beforeAll(async () => {
    // A server that refuses every key: the test sees which key was sent and that the refusal exits 1.
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'invalid api key', type: 'invalid_request_error' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['--api-key first', ['--api-key', 'from-option'], { QUORUM_API_KEY: 'quorum-env', OPENAI_API_KEY: 'openai-env' }, 'Bearer from-option'],
    ['then QUORUM_API_KEY', [], { QUORUM_API_KEY: 'quorum-env', OPENAI_API_KEY: 'openai-env' }, 'Bearer quorum-env'],
    ['then OPENAI_API_KEY', [], { OPENAI_API_KEY: 'openai-env' }, 'Bearer openai-env'],
    ['else none', [], {}, undefined],
  ])('%s', async (_, args, env, header) => {
    seen.length = 0;
    const run = await quorumAsk(['--base-url', baseURL, '--model', 'm', '-n', '1', ...args, QUESTION], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^quorum ask: .*401.*invalid api key/);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([header]));
  });
});
