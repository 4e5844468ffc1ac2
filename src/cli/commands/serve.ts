/**
 * `quorum serve`: an OpenAI-compatible proxy that answers each request by drawing several samples
 * from the upstream, voting, and returning the winner with its confidence (see docs/serve.md). The
 * upstream is one or more OpenAI-compatible servers (replicas) or an embedded GGUF model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { answerKindNames, getAnswerKind } from '../../answers/registry.js';
import { InvalidInputError, QuorumError } from '../../core/errors.js';
import { createServeApp, type ServeApp } from '../../server/app.js';
import { listen, type ListeningServer } from '../../server/server.js';
import { createEmbeddedUpstream, createHttpUpstream, type PromptFormat, type Upstream } from '../../server/upstream.js';
import { parseStopRule, stopRuleNames } from '../../stopping/registry.js';
import { strategyNames } from '../../strategies/registry.js';
import { parseStrategySpec } from '../../strategies/strategy-spec.js';
import { parseIntegerOption, parseNumberOption, stringValue, type OptionTable, type ParsedArgs } from '../args.js';
import { runCommand, type Command, type CommandIo, type Env } from '../command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readNumber, readNumberWith, readOptionalNumber } from '../number-options.js';
import { apiKeyFromEnv, envValue } from '../open-backend.js';
import { DEFAULT_MODEL } from './ask.js';

const FORMATS = ['auto', 'chat', 'qa'] as const;
const ON_ABSTAIN = ['best', 'refuse'] as const;
const DEFAULT_REFUSAL = "I don't know: the sampled answers did not agree enough to give one.";

const USAGE = '[options]';
const OPTIONS: OptionTable = {
  'base-url': { type: 'string', multiple: true, placeholder: 'url', description: 'OpenAI-compatible upstream, e.g. http://127.0.0.1:8080/v1; repeat for replicas of the same models; env QUORUM_BASE_URL. Without it the model runs in-process' },
  model: { type: 'string', short: 'm', placeholder: 'name|path|hf:…', description: `with --base-url: the upstream model used when a request names none; else the GGUF to run in-process (path, hf:user/repo/file.gguf or https URL); env QUORUM_MODEL`, defaultText: `none with --base-url, else ${DEFAULT_MODEL}` },
  host: { type: 'string', placeholder: 'address', description: 'address to listen on', defaultText: '127.0.0.1' },
  port: { type: 'string', short: 'p', placeholder: 'port', description: 'port to listen on (0 = any free port, printed)', defaultText: '8787' },
  'api-key': { type: 'string', multiple: true, placeholder: 'key', description: 'a key clients must send as "Authorization: Bearer <key>"; repeat for several', defaultText: 'no key needed' },
  'api-key-file': { type: 'string', placeholder: 'file', description: 'client keys, one per line (blank lines and # comments skipped); keeps keys out of the process list' },
  strategy: { type: 'string', placeholder: 'spec', description: `default strategy: a name or name:key=value,… (${strategyNames().join(', ')})`, defaultText: 'majority' },
  stop: { type: 'string', placeholder: 'rule', description: `default stop rule: a name or name:key=value,… (${stopRuleNames().join(', ')}), or none to draw all samples`, defaultText: 'auto' },
  n: { type: 'string', short: 'n', placeholder: 'count', description: 'default most samples per request', defaultText: '16' },
  answer: { type: 'string', placeholder: 'kind', description: `default answer kind (${answerKindNames().join(', ')})`, defaultText: 'math' },
  'abstain-below': { type: 'string', placeholder: 'p', description: 'default: abstain when the confidence is below this', defaultText: "the strategy's own (0)" },
  'on-abstain': { type: 'string', placeholder: ON_ABSTAIN.join('|'), description: 'what an abstention returns: the best sample (flagged in quorum.abstained) or --refusal-text', defaultText: 'best' },
  'refusal-text': { type: 'string', placeholder: 'text', description: 'the content returned for an abstention with --on-abstain refuse', defaultText: `"${DEFAULT_REFUSAL}"` },
  concurrency: { type: 'string', placeholder: 'count', description: 'default generations in flight per request', defaultText: 'min(n, 4) with a stop rule, else min(n, 16)' },
  passthrough: { type: 'boolean', description: 'forward requests whose model has no quorum/ prefix and whose body has no quorum object unchanged' },
  temperature: { type: 'string', short: 't', placeholder: 'T', description: "sampling temperature when a request gives none", defaultText: '0.8' },
  'top-p': { type: 'string', placeholder: 'p', description: 'nucleus sampling mass when a request gives none', defaultText: '1' },
  'max-tokens': { type: 'string', placeholder: 'count', description: 'most tokens per sample when a request gives no max_tokens', defaultText: '512' },
  'max-samples': { type: 'string', placeholder: 'count', description: 'cap on samples per request (more is a 400)', defaultText: '64' },
  'max-total-tokens': { type: 'string', placeholder: 'count', description: 'cap on completion tokens per request over all its samples (more is a 400; also the default budget)', defaultText: '32768' },
  'max-in-flight': { type: 'string', placeholder: 'count', description: 'upstream generations in flight over all requests', defaultText: '--parallel embedded, 16 with --base-url' },
  queue: { type: 'string', placeholder: 'count', description: 'generations that may wait for a slot; when full, new requests get 429 with retry-after', defaultText: '256' },
  'max-body': { type: 'string', placeholder: 'bytes', description: 'largest request body (more is a 413)', defaultText: '1048576' },
  timeout: { type: 'string', placeholder: 'seconds', description: 'a request still sampling after this decides on what it has (504 if nothing)', defaultText: '300' },
  'drain-timeout': { type: 'string', placeholder: 'seconds', description: 'on SIGTERM/SIGINT, how long requests in flight may finish before they are aborted', defaultText: '30' },
  format: { type: 'string', placeholder: FORMATS.join('|'), description: 'embedded model: chats through its chat template, or as a "Q: …\\nA:" transcript; auto = the template if the GGUF has one', defaultText: 'auto' },
  threads: { type: 'string', placeholder: 'count', description: 'CPU threads of the embedded model', defaultText: '1 for models under 64 MiB, else the CPU math cores' },
  parallel: { type: 'string', placeholder: 'count', description: 'sequences the embedded model decodes at once', defaultText: '8' },
  'cache-dir': { type: 'string', placeholder: 'folder', description: 'where hf: and https models are downloaded; env QUORUM_CACHE_DIR', defaultText: '~/.cache/quorum/models' },
  'log-prompts': { type: 'boolean', description: 'put the prompt in each request log line (off: prompts are never logged)' },
};

export interface ServeSettings {
  baseUrls: string[];
  model: string | undefined;
  upstreamKey: string | undefined;
  host: string;
  port: number;
  apiKeys: string[];
  strategy: string;
  stop: string | undefined;
  samples: number;
  answer: string;
  abstainBelow: number | undefined;
  onAbstain: 'best' | 'refuse';
  refusalText: string;
  concurrency: number | undefined;
  passthrough: boolean;
  temperature: number;
  topP: number;
  maxTokens: number;
  maxSamples: number;
  maxTotalTokens: number;
  maxInFlight: number;
  queue: number;
  maxBody: number;
  timeoutMs: number;
  drainMs: number;
  format: PromptFormat;
  threads: number | undefined;
  parallel: number;
  cacheDir: string | undefined;
  logPrompts: boolean;
}



function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) throw new InvalidInputError(`--${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

function readKeyFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InvalidInputError(`--api-key-file: cannot read ${file} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, { cause });
  }
  const keys = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (keys.length === 0) throw new InvalidInputError(`--api-key-file: ${file} has no keys (one per line)`);
  return keys;
}

/** Runs `parse` and names the option in any error it throws, so the message says what to fix. */
function named<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof QuorumError)) throw error;
    throw new InvalidInputError(`--${name}: ${error.message}`, { cause: error });
  }
}

/** Checks every option and spec before any model is loaded or port opened. */
function toSettings({ values, lists, positionals }: ParsedArgs, env: Env): ServeSettings {
  if (positionals.length > 0) throw new InvalidInputError(`quorum serve takes no arguments, got "${positionals.join(' ')}"; run "quorum serve --help"`);
  const text = (name: string): string | undefined => stringValue(values, name);
  const integer = (name: string, fallback: number, min = 1): number => {
    const value = text(name);
    return value === undefined ? fallback : parseIntegerOption(name, value, min);
  };
  const envBase = envValue(env, 'QUORUM_BASE_URL');
  const baseUrls = (lists['base-url'] ?? []).length > 0 ? (lists['base-url'] as string[]) : envBase === undefined ? [] : [envBase];
  for (const url of baseUrls) if (!/^https?:\/\/[^/]/.test(url)) throw new InvalidInputError(`--base-url must be an http(s) URL such as http://127.0.0.1:8080/v1, got "${url}"`);
  const strategy = text('strategy') ?? 'majority';
  named('strategy', () => parseStrategySpec(strategy));
  const stopText = text('stop') ?? 'auto';
  const stop = stopText === 'none' ? undefined : stopText;
  if (stop !== undefined) named('stop', () => parseStopRule(stop));
  const answer = text('answer') ?? 'math';
  named('answer', () => getAnswerKind(answer));
  const keyFile = text('api-key-file');
  const apiKeys = [...(lists['api-key'] ?? []), ...(keyFile === undefined ? [] : readKeyFile(keyFile))];
  if (apiKeys.some((k) => k.trim() === '')) throw new InvalidInputError('--api-key must not be empty');
  const parallel = readOptionalNumber('parallel', text('parallel')) ?? 8;
  const concurrencyText = text('concurrency');
  const abstainText = text('abstain-below');
  const settings: ServeSettings = {
    baseUrls,
    model: text('model') ?? envValue(env, 'QUORUM_MODEL'),
    upstreamKey: apiKeyFromEnv(env),
    host: text('host') ?? '127.0.0.1',
    port: integer('port', 8787, 0),
    apiKeys,
    strategy,
    stop,
    samples: readOptionalNumber('n', text('n')) ?? 16,
    answer,
    abstainBelow: abstainText === undefined ? undefined : readNumberWith('abstain-below', abstainText, { integer: false, min: 0, max: 1 }),
    onAbstain: oneOf('on-abstain', text('on-abstain'), ON_ABSTAIN, 'best'),
    refusalText: text('refusal-text') ?? DEFAULT_REFUSAL,
    concurrency: concurrencyText === undefined ? undefined : readNumber('concurrency', concurrencyText),
    passthrough: values['passthrough'] === true,
    temperature: readOptionalNumber('temperature', text('temperature')) ?? 0.8,
    topP: readOptionalNumber('top-p', text('top-p')) ?? 1,
    maxTokens: readOptionalNumber('max-tokens', text('max-tokens')) ?? 512,
    maxSamples: integer('max-samples', 64),
    maxTotalTokens: integer('max-total-tokens', 32768),
    maxInFlight: integer('max-in-flight', baseUrls.length > 0 ? 16 : parallel),
    queue: integer('queue', 256, 0),
    maxBody: integer('max-body', 1_048_576),
    timeoutMs: 1000 * parseNumberOption('timeout', text('timeout'), 300, { integer: false, min: 0, minExclusive: true }),
    drainMs: 1000 * parseNumberOption('drain-timeout', text('drain-timeout'), 30, { integer: false, min: 0 }),
    format: oneOf('format', text('format'), FORMATS, 'auto'),
    threads: readOptionalNumber('threads', text('threads')),
    parallel,
    cacheDir: text('cache-dir') ?? envValue(env, 'QUORUM_CACHE_DIR'),
    logPrompts: values['log-prompts'] === true,
  };
  if (settings.samples > settings.maxSamples) throw new InvalidInputError(`-n ${settings.samples} is above --max-samples ${settings.maxSamples}`);
  if (settings.concurrency !== undefined && settings.concurrency > settings.maxInFlight) {
    throw new InvalidInputError(`--concurrency ${settings.concurrency} is above --max-in-flight ${settings.maxInFlight}`);
  }
  return settings;
}

async function openUpstream(settings: ServeSettings): Promise<Upstream> {
  if (settings.baseUrls.length > 0) {
    return createHttpUpstream({ baseURLs: settings.baseUrls, apiKey: settings.upstreamKey, defaultModel: settings.model, concurrency: settings.maxInFlight });
  }
  const { createLlamaBackend } = await import('../../backends/llama/llama-backend.js');
  const backend = await createLlamaBackend({
    model: settings.model ?? DEFAULT_MODEL,
    parallel: settings.parallel,
    ...(settings.threads !== undefined && { threads: settings.threads }),
    ...(settings.cacheDir !== undefined && { cacheDir: settings.cacheDir }),
  });
  return createEmbeddedUpstream({ backend, modelName: path.basename(backend.modelPath).replace(/\.gguf$/i, ''), format: settings.format });
}

export interface RunningServe {
  readonly url: string;
  readonly app: ServeApp;
  readonly upstream: Upstream;
  /** Drains (up to --drain-timeout), then closes the upstream. */
  stop(): Promise<{ aborted: number }>;
}

/** Opens the upstream and listens; request log lines go to `io.stdout`. */
export async function startServe(settings: ServeSettings, io: CommandIo): Promise<RunningServe> {
  const upstream = await openUpstream(settings);
  const app = createServeApp({
    upstream,
    defaults: {
      strategy: settings.strategy,
      stop: settings.stop,
      samples: settings.samples,
      answer: settings.answer,
      abstainBelow: settings.abstainBelow,
      concurrency: settings.concurrency,
      passthrough: settings.passthrough,
      progress: 'comments',
    },
    limits: { maxSamples: settings.maxSamples, maxTotalTokens: settings.maxTotalTokens, maxConcurrency: settings.maxInFlight },
    sampling: { temperature: settings.temperature, topP: settings.topP, maxTokens: settings.maxTokens },
    abstention: { mode: settings.onAbstain, refusalText: settings.refusalText },
    maxInFlight: settings.maxInFlight,
    queue: settings.queue,
    apiKeys: settings.apiKeys,
    maxBodyBytes: settings.maxBody,
    requestTimeoutMs: settings.timeoutMs,
    logPrompts: settings.logPrompts,
    log: (line) => io.stdout.write(`${line}\n`),
  });
  let server: ListeningServer;
  try {
    server = await listen(app, settings.host, settings.port);
  } catch (cause) {
    await upstream.close();
    const code = (cause as NodeJS.ErrnoException).code;
    throw new QuorumError(`cannot listen on ${settings.host}:${settings.port} (${code ?? String(cause)})${code === 'EADDRINUSE' ? '; choose another --port' : ''}`, { cause });
  }
  return {
    url: server.url,
    app,
    upstream,
    async stop() {
      const outcome = await server.shutdown(settings.drainMs);
      await upstream.close();
      return outcome;
    },
  };
}

function startupLine(settings: ServeSettings, running: RunningServe): string {
  const keys = settings.apiKeys.length === 0 ? 'no client key' : `${settings.apiKeys.length} client key${settings.apiKeys.length > 1 ? 's' : ''}`;
  const mode = `${settings.strategy}, stop ${settings.stop ?? 'none'}, up to ${settings.samples} samples${settings.passthrough ? ', unprefixed models passed through' : ''}`;
  return `quorum serve: listening on ${running.url}/v1 (upstream ${running.upstream.description}; ${mode}; ${keys})\n`;
}

/** Serves until SIGTERM or SIGINT: 0 stopped cleanly; 1 could not start (model, port). */
async function execute(settings: ServeSettings, io: CommandIo): Promise<ExitCode> {
  const running = await startServe(settings, io);
  io.stderr.write(startupLine(settings, running));
  const drainSeconds = settings.drainMs / 1000;
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  io.stderr.write(`quorum serve: ${signal}: finishing ${running.app.inFlight} request(s) in flight (up to ${drainSeconds} s)\n`);
  const { aborted } = await running.stop();
  io.stderr.write(`quorum serve: stopped${aborted > 0 ? ` (${aborted} request(s) aborted at the deadline)` : ''}\n`);
  return EXIT.ok;
}

const serve: Command<ServeSettings> = { name: 'serve', usage: USAGE, options: OPTIONS, settings: toSettings, execute };

export const run = (argv: readonly string[], io: CommandIo = process, env: Env = process.env): Promise<ExitCode> => runCommand(serve, argv, io, env);
