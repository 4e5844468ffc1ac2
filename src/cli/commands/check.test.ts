import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { quorum, type QuorumRun } from '../__fixtures__/run-quorum.js';
import { MODELS, sharedPath, TEST_OUTPUT_DIR } from '../../../test/shared.js';
import { visitPage } from '../../eval/report/__fixtures__/headless-chromium.js';
import { selfCheck } from '../../selfcheck/self-check.js';
import { parseWikiBioRecording } from '../../selfcheck/wikibio-recording.js';
import { parseSamplesFile, run } from './check.js';

/** `quorum check …` in-process, without the caller's QUORUM_* and OPENAI_* variables. */
const quorumCheck = (args: string[]): Promise<QuorumRun> => quorum(['check', ...args]);

const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-check-'));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** A toy-arith dev question and its reference chain of thought, the passage to check. */
const DEV = JSON.parse(readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8').split('\n')[0] as string) as { question: string; target: string };
const toyArith = ['--model', MODELS.toyArith, '--threads', '1', '--prompt', DEV.question, '--stop-sequence', '\\n', '--max-tokens', '96'];

interface CheckJson {
  method: string;
  sentences: { text: string; score: number | null; flagged: boolean; judgeCalls: number; verdicts: { score: number | null; from: string; answer: string }[] }[];
  samples: string[];
  usage: { sampling: { calls: number }; judge: { calls: number; promptTokens: number }; total: { calls: number } };
}

describe('quorum check on the embedded toy-arith model (mechanics: its verdicts mean little)', () => {
  it('draws samples, asks the model as the judge about every sentence with early stopping, and accounts for every call', async () => {
    const passage = write('toy.txt', DEV.target);
    const html = path.join(dir, 'toy.html');
    const text = await quorumCheck(['--passage', passage, ...toyArith, '--n', '6', '--seed', '3', '--html', html]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('method: prompt (judge stop support(delta=0.6,min=2)), flag at score ≥ 0.5');
    expect(lines.slice(2, 5).map((l) => l.replace(/^ +\S+ +!? +/u, ''))).toEqual(['5*7=35.', '43+35=78.', 'The answer is 78.']);
    expect(text.stdout).toMatch(/\nsamples: 6 from llama:toy-arith\.gguf\njudge: \d+ calls for 3 sentences \(\d\.\d per sentence, 18 without stopping\)\n/u);
    expect(readFileSync(html, 'utf8')).toContain('<div class="passage" id="passage">');

    const json = JSON.parse((await quorumCheck(['--passage', passage, ...toyArith, '--n', '6', '--seed', '3', '--json'])).stdout) as CheckJson;
    expect(json.samples).toHaveLength(6);
    const judgeCalls = json.sentences.reduce((n, s) => n + s.judgeCalls, 0);
    expect(judgeCalls).toBeGreaterThanOrEqual(3 * 2);
    expect(judgeCalls).toBeLessThanOrEqual(3 * 6);
    expect(json.usage.judge.calls).toBe(judgeCalls);
    expect(json.usage.sampling.calls).toBe(6);
    expect(json.usage.total.calls).toBe(6 + judgeCalls);
    // The embedded backend counts the prompt tokens it evaluates: the judge prompts share the Prompt
    // template as a cached prefix, so each call counts its own sample and sentence, at least one token.
    expect(json.usage.judge.promptTokens).toBeGreaterThanOrEqual(judgeCalls);
    // Every verdict is a real answer of the model read as Yes, No or neither, or from its logprobs.
    for (const s of json.sentences) {
      for (const v of s.verdicts) expect(['text', 'logprobs']).toContain(v.from);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('quorum check with given samples (no model)', () => {
  const FILE = sharedPath('data', 'hallucination', 'selfcheckgpt-wikibio', 'result-original-samples.json');
  const [wiki] = parseWikiBioRecording(readFileSync(FILE, 'utf8'), FILE);

  it('scores a real WikiBio passage by unigram max, as selfCheck() does, and reads samples as JSON Lines or an array', async () => {
    if (wiki === undefined) throw new Error('no WikiBio passage');
    const passage = write('wiki.txt', wiki.passage);
    const samples = write('wiki.jsonl', wiki.samples.map((text, i) => JSON.stringify(i % 2 === 0 ? text : { text })).join('\n'));
    const out = await quorumCheck(['--passage', passage, '--samples', samples, '--json']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as CheckJson;
    const library = await selfCheck({ passage: wiki.passage, samples: wiki.samples });
    expect(json.method).toBe('ngram');
    expect(json.sentences.map((s) => s.score)).toEqual(library.sentences.map((s) => s.score));
    expect(json.sentences.every((s) => !s.flagged)).toBe(true);
    expect(parseSamplesFile(JSON.stringify(wiki.samples), 'x.json')).toEqual(wiki.samples);

    const flagged = await quorumCheck(['--passage', passage, '--samples', samples, '--threshold', '6']);
    expect(flagged.stdout).toMatch(/^method: ngram \(unigram max, −log p\), flag at score ≥ 6\n/u);
    expect(flagged.stdout).toMatch(/passage score: \d+\.\d\d \(\d+ of \d+ sentences flagged\)/u);
  });

  it('reads the passage from standard input', async () => {
    const chunks = ['Ann was born in Leeds. ', 'She was a doctor.'];
    const out: string[] = [];
    const code = await run(['--passage', '-', '--samples', write('ann.json', '["Ann was born in Leeds."]')], {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: () => true },
      stdin: (async function* () {
        yield* chunks;
      })(),
    });
    expect(code).toBe(0);
    expect(out.join('')).toContain('She was a doctor.');
  });

  it('exits 2 with a one-line message on a bad command line or bad input files, 0 with --help', async () => {
    const passage = write('p.txt', 'A b.');
    const cases: [string[], RegExp][] = [
      [[], /give the text to check with --passage/],
      [['--passage', passage], /give --samples <file>, or --prompt/],
      [['--passage', passage, '--samples', write('s.json', '["a"]'), '--method', 'bogus'], /--method must be one of ngram, prompt, nli, contradiction/],
      [['--passage', passage, '--samples', write('s2.json', '["a"]'), '--method', 'prompt'], /--method prompt asks a model/],
      [['--passage', passage, '--samples', write('bad.jsonl', '{"x": 1}\n')], /bad\.jsonl:1: expected a string or an object with a "text" string/],
      [['--passage', path.join(dir, 'missing.txt'), '--samples', write('s3.json', '["a"]')], /cannot read the passage/],
      [['--passage', write('blank.txt', '  \n'), '--samples', write('s4.json', '["a"]')], /has no text to check/],
      [['--passage', passage, '--prompt', 'x', '--model', 'm.gguf', '--judge-stop', 'sometimes'], /--judge-stop must be support, all or agreement:k/],
      [['--passage', passage, '--method', 'contradiction', '--model', 'm.gguf'], /needs --prompt/],
    ];
    for (const [args, message] of cases) {
      const result = await quorumCheck(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^quorum check: [^\\n]*${message.source}[^\\n]*\\n$`, 'u'));
      expect(result.stdout).toBe('');
    }
    const help = await quorumCheck(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: quorum check --passage <file\|->/u);
    expect(help.stdout).toContain('--judge-stop <support|all|agreement:k>');
  });
});

describe('the HTML view in headless Chromium', () => {

  it('shades every sentence of a WikiBio passage by its n-gram score, logs no error, and is screenshotted', async () => {
    const FILE = sharedPath('data', 'hallucination', 'selfcheckgpt-wikibio', 'result-original-samples.json');
    const wiki = parseWikiBioRecording(readFileSync(FILE, 'utf8'), FILE)[1];
    if (wiki === undefined) throw new Error('no WikiBio passage');
    const out = path.join(TEST_OUTPUT_DIR, 'check');
    mkdirSync(out, { recursive: true });
    const html = path.join(out, 'wikibio-ngram.html');
    const code = await run(['--passage', write('w.txt', wiki.passage), '--samples', write('w.json', JSON.stringify(wiki.samples)), '--threshold', '7', '--html', html], {
      stdout: { write: () => true },
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    const visit = await visitPage<{ spans: number; shaded: number }>(
      pathToFileURL(html).href,
      `({ spans: document.querySelectorAll('#passage span').length, shaded: [...document.querySelectorAll('#passage span')].filter((s) => /^rgba?\\(198, 40, 40(, 0\\.[1-9]\\d*)?\\)$/.test(getComputedStyle(s).backgroundColor)).length })`,
    );
    writeFileSync(path.join(out, 'wikibio-ngram.png'), visit.png);
    expect(visit.errors).toEqual([]);
    const sentences = (await selfCheck({ passage: wiki.passage, samples: wiki.samples })).sentences.length;
    expect(visit.value.spans).toBe(sentences);
    expect(visit.value.shaded).toBe(sentences);
  });
});
