/**
 * `quorum check --passage <file|->`: is this text made up? Each sentence of the passage is scored
 * against sampled passages (given with --samples, or drawn from a model that is asked the passage's
 * prompt again) by SelfCheckGPT's n-gram, Prompt or NLI-style judge, or checked for
 * self-contradictions (ChatProtect). Prints each sentence with its score and a flag, or JSON, and
 * can write an HTML view with the sentences shaded by score. See docs/selfcheck.md.
 */
import { readFileSync } from 'node:fs';
import type { Backend } from '../../backends/backend.js';
import { FileFormatError, InvalidInputError } from '../../core/errors.js';
import type { Prompt } from '../../core/types.js';
import { renderSelfCheckHtml } from '../../eval/report/selfcheck-html.js';
import { checkContradictions } from '../../selfcheck/contradiction.js';
import { askEveryPair, stopOnAgreement, stopOnSupport, type JudgeStop } from '../../selfcheck/judge-stop.js';
import { selfCheck, selfCheckMethods, type SelfCheckMethod } from '../../selfcheck/self-check.js';
import { splitSentences } from '../../selfcheck/sentences.js';
import { stringValue, unescape, type OptionTable, type ParsedArgs } from '../args.js';
import { runCommand, type Command, type CommandIo, type Env } from '../command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readNumber, readNumberWith, readOptionalNumber } from '../number-options.js';
import { apiKeyFromEnv, envValue, openBackend, type OpenedBackend } from '../open-backend.js';
import { writeOutputFile } from '../output-file.js';
import { checkJson, checkText, contradictionJson, contradictionText, type CheckReport } from './check-output.js';

const METHODS = [...selfCheckMethods, 'contradiction'] as const;
type Method = (typeof METHODS)[number];
const DEFAULT_N = 20;
const DEFAULT_THRESHOLD = 0.5;

const USAGE = '--passage <file|-> (--samples <file> | --prompt "…" --model …) [options]';
const OPTIONS: OptionTable = {
  passage: { type: 'string', short: 'p', placeholder: 'file|-', description: 'the text to check; - reads standard input' },
  samples: { type: 'string', placeholder: 'file', description: 'sampled passages to check against: a JSON array of strings, or JSON Lines of strings or {"text": …}' },
  prompt: { type: 'string', placeholder: 'text', description: 'the prompt that produced the passage: samples answer it again (needed to draw samples and for --method contradiction)' },
  model: { type: 'string', short: 'm', placeholder: 'path|hf:…|url|name', description: 'the model that draws samples and judges: a GGUF run in-process, or the model name with --base-url; env QUORUM_MODEL' },
  'base-url': { type: 'string', placeholder: 'url', description: 'OpenAI-compatible server instead of an embedded model (needs --model); env QUORUM_BASE_URL' },
  'api-key': { type: 'string', placeholder: 'key', description: 'API key for --base-url', defaultText: '$QUORUM_API_KEY, else $OPENAI_API_KEY, else none' },
  'cache-dir': { type: 'string', placeholder: 'folder', description: 'where hf: and https models are downloaded; env QUORUM_CACHE_DIR', defaultText: '~/.cache/quorum/models' },
  n: { type: 'string', short: 'n', placeholder: 'count', description: 'samples to draw when no --samples are given', defaultText: String(DEFAULT_N) },
  method: { type: 'string', placeholder: METHODS.join('|'), description: 'ngram: unigram-max, no judge; prompt: SelfCheckGPT-Prompt judge; nli: three-way judge; contradiction: ChatProtect', defaultText: 'prompt with a model, ngram without' },
  'judge-stop': { type: 'string', placeholder: 'support|all|agreement:k', description: 'when to stop asking the judge about a sentence (see docs/selfcheck.md)', defaultText: 'support' },
  threshold: { type: 'string', placeholder: 'score', description: 'flag sentences scoring at least this', defaultText: `${DEFAULT_THRESHOLD} for prompt and nli, none for ngram (its scores are −log p, unbounded)` },
  mitigate: { type: 'boolean', description: 'with --method contradiction: rewrite or drop contradicted sentences and print the revised passage' },
  temperature: { type: 'string', short: 't', placeholder: 'T', description: 'temperature of the drawn samples', defaultText: '1' },
  'max-tokens': { type: 'string', placeholder: 'count', description: 'most tokens per drawn sample', defaultText: '256' },
  'stop-sequence': { type: 'string', placeholder: 'text', description: 'text that ends a drawn sample; \\n and \\t are understood', defaultText: 'none' },
  threads: { type: 'string', placeholder: 'count', description: 'CPU threads of the embedded model', defaultText: '1 for models under 64 MiB, else the CPU math cores' },
  parallel: { type: 'string', placeholder: 'count', description: 'generations at once', defaultText: '4' },
  seed: { type: 'string', placeholder: 'int', description: 'seed of the samples and of the order samples are put to the judge', defaultText: '0' },
  html: { type: 'string', placeholder: 'file', description: 'also write an HTML view with sentences shaded by score' },
  json: { type: 'boolean', description: 'print one JSON object instead of the table' },
};

interface CheckSettings {
  passageFrom: string;
  samplesFile: string | undefined;
  prompt: string | undefined;
  method: Method;
  stop: JudgeStop;
  threshold: number | undefined;
  mitigate: boolean;
  n: number;
  temperature: number;
  maxTokens: number;
  stopSequence: string | undefined;
  threads: number | undefined;
  parallel: number;
  seed: number;
  html: string | undefined;
  json: boolean;
  model: string | undefined;
  baseUrl: string | undefined;
  apiKey: string | undefined;
  cacheDir: string | undefined;
}

/** The settings with the passage and the given samples read: an unreadable or empty input exits 2 before any model loads. */
interface CheckInput extends CheckSettings {
  passage: string;
  samples: string[] | undefined;
}

function parseJudgeStop(text: string): JudgeStop {
  if (text === 'support') return stopOnSupport();
  if (text === 'all') return askEveryPair();
  const agreement = /^agreement:(\d+)$/u.exec(text);
  if (agreement !== null) return stopOnAgreement(Number(agreement[1]));
  throw new InvalidInputError(`--judge-stop must be support, all or agreement:k, got "${text}"`);
}

function toSettings({ values, positionals }: ParsedArgs, env: Env): CheckSettings {
  const text = (name: string): string | undefined => stringValue(values, name);
  if (positionals.length > 0) throw new InvalidInputError(`unexpected argument "${positionals[0] ?? ''}"; give the passage with --passage <file|->`);
  const passageFrom = text('passage');
  if (passageFrom === undefined) throw new InvalidInputError('give the text to check with --passage <file|-> (- reads standard input)');
  const model = text('model') ?? envValue(env, 'QUORUM_MODEL');
  const baseUrl = text('base-url') ?? envValue(env, 'QUORUM_BASE_URL');
  const samplesFile = text('samples');
  const method = text('method') ?? (model === undefined ? 'ngram' : 'prompt');
  if (!(METHODS as readonly string[]).includes(method)) throw new InvalidInputError(`--method must be one of ${METHODS.join(', ')}, got "${method}"`);
  const prompt = text('prompt');
  if (baseUrl !== undefined && model === undefined) throw new InvalidInputError('--base-url needs --model (or QUORUM_MODEL): the model name the server expects');
  if (method !== 'ngram' && model === undefined) throw new InvalidInputError(`--method ${method} asks a model; give --model (a GGUF, or a name with --base-url)`);
  if (method === 'contradiction' && prompt === undefined) throw new InvalidInputError('--method contradiction needs --prompt: what the passage answers');
  if (method !== 'contradiction' && samplesFile === undefined && (prompt === undefined || model === undefined)) {
    throw new InvalidInputError('give --samples <file>, or --prompt "…" and --model to draw samples');
  }
  const thresholdText = text('threshold');
  const stopSequence = text('stop-sequence');
  return {
    passageFrom,
    samplesFile,
    prompt,
    method: method as Method,
    stop: parseJudgeStop(text('judge-stop') ?? 'support'),
    threshold: thresholdText === undefined ? (method === 'prompt' || method === 'nli' ? DEFAULT_THRESHOLD : undefined) : readNumberWith('threshold', thresholdText, { integer: false }),
    mitigate: values['mitigate'] === true,
    n: readOptionalNumber('n', text('n')) ?? DEFAULT_N,
    temperature: readOptionalNumber('temperature', text('temperature')) ?? 1,
    maxTokens: readOptionalNumber('max-tokens', text('max-tokens')) ?? 256,
    stopSequence: stopSequence === undefined ? undefined : unescape(stopSequence),
    threads: readOptionalNumber('threads', text('threads')),
    parallel: readOptionalNumber('parallel', text('parallel')) ?? 4,
    seed: text('seed') === undefined ? 0 : readNumber('seed', text('seed') as string),
    html: text('html'),
    json: values['json'] === true,
    model,
    baseUrl,
    apiKey: text('api-key') ?? apiKeyFromEnv(env),
    cacheDir: text('cache-dir') ?? envValue(env, 'QUORUM_CACHE_DIR'),
  };
}

async function readAll(stream: AsyncIterable<string | Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text;
}

function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InvalidInputError(`cannot read the ${what} ${file}: ${(cause as Error).message}`, { cause });
  }
}

/** A JSON array of strings, or JSON Lines of strings or {"text": …}. */
export function parseSamplesFile(text: string, file: string): string[] {
  const trimmed = text.trim();
  const asText = (value: unknown, line: number | undefined): string => {
    const sample = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as { text?: unknown }).text : undefined;
    if (typeof sample !== 'string') throw new FileFormatError(file, line, 'expected a string or an object with a "text" string');
    return sample;
  };
  if (trimmed.startsWith('[')) {
    let values: unknown;
    try {
      values = JSON.parse(trimmed);
    } catch (cause) {
      throw new FileFormatError(file, undefined, `not JSON: ${(cause as Error).message}`, { cause });
    }
    return (values as unknown[]).map((value) => asText(value, undefined));
  }
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [asText(JSON.parse(line), i + 1)];
    } catch (cause) {
      if (cause instanceof FileFormatError) throw cause;
      throw new FileFormatError(file, i + 1, `not JSON: ${(cause as Error).message}`, { cause });
    }
  });
}

/** The prompt in the model's shape: one user message for chat models, else the text as given. */
const promptFor = (text: string, chat: boolean): Prompt => (chat ? [{ role: 'user', content: text }] : text);

async function runCheck(settings: CheckSettings, passage: string, samples: string[] | undefined, opened: OpenedBackend | undefined): Promise<{ output: string; html: () => string }> {
  const backend = opened?.backend as Backend;
  const chat = opened?.chat ?? false;
  if (settings.method === 'contradiction') {
    const result = await checkContradictions({ passage, topic: settings.prompt ?? '', backend, chat, mitigate: settings.mitigate, seed: settings.seed });
    const report = { backend: backend.id, result };
    return { output: settings.json ? contradictionJson(report) : contradictionText(report), html: () => renderSelfCheckHtml({ kind: 'contradiction', ...report }) };
  }
  const method = settings.method as SelfCheckMethod;
  const sampling = { temperature: settings.temperature, maxTokens: settings.maxTokens, ...(settings.stopSequence !== undefined && { stopSequences: [settings.stopSequence] }) };
  const result = await selfCheck({
    passage,
    method,
    seed: settings.seed,
    ...(samples === undefined
      ? { sampler: { backend, prompt: promptFor(settings.prompt ?? '', chat), n: settings.n, sampling } }
      : { samples }),
    ...(method !== 'ngram' && { judge: { backend, chat, stop: settings.stop, concurrency: settings.parallel } }),
  });
  const report: CheckReport = { result, threshold: settings.threshold, samplesFrom: samples === undefined ? backend.id : (settings.samplesFile ?? ''), ...(opened && { backend: backend.id }) };
  return { output: settings.json ? checkJson(report) : checkText(report), html: () => renderSelfCheckHtml({ kind: 'selfcheck', ...report }) };
}

/** Reads the passage (a file, or standard input for -) and the given samples. */
async function withInput(settings: CheckSettings, stdin: AsyncIterable<string | Buffer>): Promise<CheckInput> {
  const passage = settings.passageFrom === '-' ? await readAll(stdin) : readTextFile(settings.passageFrom, 'passage');
  if (splitSentences(passage).length === 0) throw new InvalidInputError(`the passage ${settings.passageFrom === '-' ? 'on standard input' : settings.passageFrom} has no text to check`);
  const samples = settings.samplesFile === undefined ? undefined : parseSamplesFile(readTextFile(settings.samplesFile, 'samples file'), settings.samplesFile);
  if (samples !== undefined && samples.length === 0) throw new InvalidInputError(`the samples file ${settings.samplesFile ?? ''} holds no sample`);
  return { ...settings, passage, samples };
}

/** 0 checked (flags or not); 1 the model or server failed. */
async function execute(settings: CheckInput, io: CommandIo): Promise<ExitCode> {
  let opened: OpenedBackend | undefined;
  try {
    if (settings.model !== undefined && (settings.method !== 'ngram' || settings.samples === undefined)) {
      opened = await openBackend({
        model: settings.model,
        baseUrl: settings.baseUrl,
        apiKey: settings.apiKey,
        concurrency: settings.parallel,
        threads: settings.threads,
        cacheDir: settings.cacheDir,
      });
    }
    const { output, html } = await runCheck(settings, settings.passage, settings.samples, opened);
    if (settings.html !== undefined) writeOutputFile(settings.html, 'the HTML view', html());
    io.stdout.write(output);
    return EXIT.ok;
  } finally {
    await opened?.backend.close?.();
  }
}

/** The passage is read while the command line is checked, so `-` needs the standard input at hand. */
const checkCommand = (stdin: AsyncIterable<string | Buffer>): Command<CheckInput> => ({
  name: 'check',
  usage: USAGE,
  options: OPTIONS,
  settings: (args, env) => withInput(toSettings(args, env), stdin),
  execute,
});

export const run = (argv: readonly string[], io: CommandIo & { stdin?: AsyncIterable<string | Buffer> } = process, env: Env = process.env): Promise<ExitCode> =>
  runCommand(checkCommand(io.stdin ?? process.stdin), argv, io, env);
