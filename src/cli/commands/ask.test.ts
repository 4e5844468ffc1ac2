import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, sharedPath } from '../../../test/shared.js';
import { stopRuleNames } from '../../stopping/registry.js';
import { useToyArithServerBehindProxy } from '../../test-support/toy-arith-server.js';
import { deadBaseURL } from '../../test-support/dead-url.js';
import { quorum, type QuorumRun } from '../__fixtures__/run-quorum.js';

/** The first toy-arith dev question, without its "Q: …\nA:" frame (ask adds it with --format qa). */
const DEV = JSON.parse(readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8').split('\n')[0] as string) as { question: string; answer: number };
const QUESTION = DEV.question.replace(/^Q: /, '').replace(/\nA:$/, '');
const MISSING_MODEL = path.join(os.tmpdir(), 'quorum-no-such-dir', 'model.gguf');
const emptyDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'quorum-ask-'));

/** `quorum ask …` in-process, with only `env` as its environment. */
const quorumAsk = (args: string[], env: Record<string, string> = {}): Promise<QuorumRun> => quorum(['ask', ...args], env);

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
  loadMs: number;
  texts: { index: number; status: string; answer: string | null; tokens: number; text: string; error?: string }[];
}

async function askJson(args: string[], env?: Record<string, string>): Promise<AskJson> {
  const run = await quorumAsk([...args, '--json'], env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as AskJson;
}

/** Samples finish in any order; their texts by sample index. */
const textsByIndex = (result: AskJson): string[] => result.texts.toSorted((a, b) => a.index - b.index).map((t) => t.text);

describe('quorum ask with the embedded toy-arith model', () => {
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
    for (const text of result.texts) expect(text).not.toHaveProperty('error');
    expect(Number.isInteger(result.elapsedMs) && result.elapsedMs >= 0).toBe(true);
    expect(Number.isInteger(result.loadMs) && result.loadMs >= 0).toBe(true);
  });

  it('takes a negative seed as a seed, reproducibly', async () => {
    const first = await askJson([...toyArith, '--seed', '-5', '-n', '4', QUESTION]);
    expect(first.seed).toBe(-5);
    const again = await askJson([...toyArith, '--seed=-5', '-n', '4', QUESTION]);
    expect(textsByIndex(again)).toEqual(textsByIndex(first));
  });

  it('usc over 16 samples does not fit the 256-token default context: exit 1 naming --context-size, which makes it fit', async () => {
    const tooSmall = await quorumAsk([...toyArith, '--seed', '1', '--strategy', 'usc', QUESTION]);
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stderr).toMatch(/^quorum ask: the prompt has \d+ tokens but each sequence holds 256; shorten the prompt or raise --context-size\n$/);
    const roomy = await askJson([...toyArith, '--seed', '1', '--strategy', 'usc', '--context-size', '2048', QUESTION]);
    expect(roomy.answer).toBe(String(DEV.answer));
    expect(roomy.usage.calls).toBe(17); // 16 samples and the model's pick
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
    expect(run.stdout).toMatch(/\n {6}--stop <rule> +stop sampling early by a rule: .*\(default: none: draw all n\)\n/);
    expect(run.stdout).toContain(`(${stopRuleNames().join(', ')})`);
    expect(run.stdout).toMatch(/\n {6}--stop-sequence <text> +text that ends a sample.*\(default: "\\n" with --format qa, none otherwise\)\n/);
    expect(run.stdout).toMatch(/\n {6}--cache-dir <folder> +.*env QUORUM_CACHE_DIR \(default: ~\/\.cache\/quorum\/models\)\n/);
    expect(run.stdout).toContain('(default: $QUORUM_API_KEY, else $OPENAI_API_KEY, else none)');
    expect(run.stdout).toMatch(/\n {6}--context-size <tokens> +tokens per sequence of the embedded model/);
    expect(run.stdout).toMatch(/\n {6}--debug +print the stack of an error too \(or set QUORUM_DEBUG=1\)\n/);
    expect(run.stdout).not.toContain('--stop-rule');
  });


  // A missing --model file proves the option was refused before any model was loaded (that would exit 1).
  it.each([
    [[] as string[], /^quorum ask: give the question to answer \(quote it\); e\.g\. quorum ask "What is 17 \* 23\?"\n$/],
    [[''], /^quorum ask: the question is empty; e\.g\. quorum ask/],
    [['two', 'words'], /give exactly one question \(quote it\), got 2 arguments/],
    [['--temperature', '-1', QUESTION], /^quorum ask: --temperature must be a number from 0 to 2, got "-1"\n$/],
    [['--temperature', '5', QUESTION], /^quorum ask: --temperature must be a number from 0 to 2, got "5"\n$/],
    [['-n', '-3', QUESTION], /^quorum ask: --n must be an integer ≥ 1, got "-3"\n$/],
    [['--seed', '1.5', QUESTION], /^quorum ask: --seed must be an integer, got "1\.5"\n$/],
    [['--temprature', '1', QUESTION], /^quorum ask: unknown option --temprature; did you mean --temperature\? \(run "quorum ask --help" for the options\)\n$/],
    [['--seed'], /^quorum ask: --seed needs a value \(--seed <int>\)\n$/],
    [['--json=yes', QUESTION], /^quorum ask: --json takes no value/],
    [['--base-url', 'http://127.0.0.1:9/v1', '--threads', '2', QUESTION], /--threads applies to an embedded model, not to --base-url/],
    [['--strategy', 'nope', QUESTION], /--strategy: unknown strategy "nope"; choose one of: majority, weighted/],
    [['--strategy', 'majority:foo=1', QUESTION], /--strategy: strategy "majority:foo=1": majority has no option "foo"/],
    [['--n', '0', QUESTION], /--n must be an integer ≥ 1, got "0"/],
    [['-n', 'many', QUESTION], /--n must be an integer ≥ 1, got "many"/],
    [['--stop', 'soon', QUESTION], new RegExp(`--stop: unknown stop rule "soon"; choose one of: ${stopRuleNames().join(', ')}\n$`)],
    [['--stop', 'beta:threshold=2', QUESTION], /--stop: beta: threshold must be in \(0, 1\), got 2/],
    [['--stop', 'esc:window', QUESTION], /--stop: stop rule "esc:window": expected key=value/],
    [['--answer', 'poem', QUESTION], /--answer: unknown answer kind "poem"/],
    [['--answer', './no-such-kind.mjs', QUESTION], /--answer: no such module \.\/no-such-kind\.mjs/],
    [['--answer', './src/cli/__fixtures__/not-a-kind.mjs', QUESTION], /--answer: .*does not export an answer kind \(normalize must be a function\)/],
    [['--stop-rule', 'auto', QUESTION], /unknown option --stop-rule; did you mean --stop\?.*quorum ask --help/],
  ])('%j exits 2 naming the problem, without loading a model', async (args, message) => {
    const run = await quorumAsk(['--model', MISSING_MODEL, ...args]);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
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

describe('quorum ask against a server that is not there', () => {
  let deadURL: string;
  beforeAll(async () => {
    deadURL = await deadBaseURL();
  });

  it('exits 1 when no sample is usable, with every failed sample and its error in --json', async () => {
    const run = await quorumAsk(['--base-url', deadURL, '--model', 'm', '-n', '2', '--seed', '1', '--json', QUESTION]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as AskJson;
    expect(result).toMatchObject({ answer: null, abstained: true, samples: { usable: 0, total: 2, failed: 2 } });
    expect(result.texts.map((t) => t.status)).toEqual(['error', 'error']);
    for (const text of result.texts) expect(text.error).toMatch(/^could not reach http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions \(4 attempts\): ECONNREFUSED/);
    expect(run.stderr).toMatch(/^quorum ask: no usable sample: 2 of 2 samples failed \(could not reach .*ECONNREFUSED.*\)\n$/);
  });

  it('the text report says so too, and the exit code is still 1', async () => {
    const run = await quorumAsk(['--base-url', deadURL, '--model', 'm', '-n', '1', '--seed', '1', QUESTION]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^answer: none \(abstained; best was nothing at 0%\)\n/);
    expect(run.stdout).toMatch(/\nfirst failure: could not reach .*ECONNREFUSED/);
    expect(run.stderr).toMatch(/^quorum ask: no usable sample: 1 of 1 samples failed/);
  });
});
