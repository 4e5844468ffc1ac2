/**
 * `quorum ask "question"`: sample many answers from one model, vote, and print the decision with its
 * vote table. The model is a local or downloadable GGUF run in-process, or any OpenAI-compatible server.
 */
import type { Backend } from '../../backends/backend.js';
import { InvalidInputError, QuorumError } from '../../core/errors.js';
import type { Prompt } from '../../core/types.js';
import { answerKindNames, getAnswerKind } from '../../answers/registry.js';
import { solve } from '../../engine/solve.js';
import { parseStopRule, stopRuleNames } from '../../stopping/registry.js';
import type { StopRule } from '../../stopping/stop-rule.js';
import { strategyNames } from '../../strategies/registry.js';
import { parseStrategySpec } from '../../strategies/strategy-spec.js';
import type { Strategy } from '../../strategies/strategy.js';
import { formatHelp, parseCommandArgs, parseIntegerOption, type OptionTable } from '../args.js';
import { apiKeyFromEnv, openBackend, type OpenedBackend } from '../open-backend.js';
import { FEEDBACK_FLAGS, feedbackFromFlags, isLoopStrategy, LOOP_STRATEGIES, resolveFlagTemplates, type FlagFeedback } from '../feedback-flags.js';
import { readFileSync } from 'node:fs';
import type { TemplateSet } from '../../feedback/templates/template-set.js';
import type { SavedDecision } from './eval-feedback.js';
import { askJson, askText } from './ask-output.js';

/**
 * What a new user gets with no --model: a small instruction-tuned model (Qwen2.5 0.5B Instruct,
 * Q4_K_M, ≈400 MB), downloaded once into the cache folder.
 */
export const DEFAULT_MODEL = 'hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf';
const DEFAULT_CACHE_DIR_TEXT = '~/.cache/quorum/models';
const DEFAULT_N = 16;
/** Samples in flight with a stop rule: few, so that stopping saves the samples not yet started. */
const STOP_RULE_PARALLEL = 4;
/** Top alternatives per token requested for strategies that weigh samples by logprobs. */
const STRATEGY_TOP_LOGPROBS = 20;
const FORMATS = ['auto', 'chat', 'qa', 'raw'] as const;
type PromptFormat = (typeof FORMATS)[number];

const USAGE = '[options] "question"';
const OPTIONS: OptionTable = {
  model: { type: 'string', short: 'm', placeholder: 'path|hf:…|url|name', description: `GGUF to run in-process (local path, hf:user/repo/file.gguf or https URL; downloaded once into --cache-dir), or the model name with --base-url; env QUORUM_MODEL`, defaultText: DEFAULT_MODEL },
  'base-url': { type: 'string', placeholder: 'url', description: 'OpenAI-compatible server to use instead of an embedded model, e.g. http://127.0.0.1:8080/v1 (needs --model); env QUORUM_BASE_URL' },
  'api-key': { type: 'string', placeholder: 'key', description: 'API key for --base-url', defaultText: '$QUORUM_API_KEY, else $OPENAI_API_KEY, else none' },
  'cache-dir': { type: 'string', placeholder: 'folder', description: 'where hf: and https models are downloaded; env QUORUM_CACHE_DIR', defaultText: DEFAULT_CACHE_DIR_TEXT },
  n: { type: 'string', short: 'n', placeholder: 'count', description: 'samples to draw (fewer if --stop stops early)', defaultText: String(DEFAULT_N) },
  strategy: { type: 'string', placeholder: 'spec', description: `how samples become a decision: a name or name:key=value,… (${strategyNames().join(', ')}), or a self-feedback loop (${LOOP_STRATEGIES.join(', ')}), or auto (with --decision)`, defaultText: 'majority' },
  answer: { type: 'string', placeholder: 'kind', description: `how answers are extracted and compared (${answerKindNames().join(', ')})`, defaultText: 'math' },
  stop: { type: 'string', placeholder: 'rule', description: `stop sampling early by a rule: a name or name:key=value,… (${stopRuleNames().join(', ')}), e.g. auto, beta:threshold=0.9, esc:window=5; see docs/stopping.md`, defaultText: 'none: draw all n' },
  temperature: { type: 'string', short: 't', placeholder: 'T', description: 'sampling temperature', defaultText: '0.8' },
  'top-p': { type: 'string', placeholder: 'p', description: 'nucleus sampling mass in (0, 1]', defaultText: '1' },
  'max-tokens': { type: 'string', placeholder: 'count', description: 'most tokens per sample', defaultText: '512' },
  'stop-sequence': { type: 'string', placeholder: 'text', description: 'text that ends a sample; \\n and \\t are understood', defaultText: '"\\n" with --format qa, none otherwise' },
  format: { type: 'string', placeholder: FORMATS.join('|'), description: 'prompt format: chat messages, "Q: …\\nA:" completion, or the question verbatim; auto = chat with --base-url or a model with a chat template, else qa', defaultText: 'auto' },
  threads: { type: 'string', placeholder: 'count', description: 'CPU threads of the embedded model', defaultText: '1 for models under 64 MiB, else the CPU math cores' },
  parallel: { type: 'string', placeholder: 'count', description: 'samples generated at once', defaultText: `min(n, ${DEFAULT_N}) embedded, 8 with --base-url; min(n, ${STOP_RULE_PARALLEL}) with --stop` },
  seed: { type: 'string', placeholder: 'int', description: 'seed for reproducible samples', defaultText: 'random, printed' },
  ...FEEDBACK_FLAGS,
  decision: { type: 'string', placeholder: 'file.json', description: 'with --strategy auto: the allocation decision to follow (quorum eval --decide --save-decision); it sets the strategy, loop and -n' },
  json: { type: 'boolean', description: 'print one JSON object instead of the report' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

export interface AskIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

interface AskSettings {
  question: string;
  n: number;
  parallel: number | undefined;
  strategy: Strategy;
  answer: string;
  stopRule: StopRule | undefined;
  temperature: number;
  topP: number;
  maxTokens: number;
  stopSequence: string | undefined;
  format: PromptFormat;
  threads: number | undefined;
  seed: number;
  json: boolean;
  model: string | undefined;
  baseUrl: string | undefined;
  apiKey: string | undefined;
  cacheDir: string | undefined;
  feedback: FlagFeedback | undefined;
  /** The raw flags, for resolving --templates once the model is known. */
  values: Record<string, string | boolean | undefined>;
}

const unescape = (text: string): string => text.replaceAll('\\n', '\n').replaceAll('\\t', '\t');

/** An environment variable, with an empty value read as unset. */
const fromEnv = (env: NodeJS.ProcessEnv, name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

function numberOption(name: string, text: string | undefined, fallback: number, valid: (x: number) => boolean, rule: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !valid(value)) throw new InvalidInputError(`--${name} must be ${rule}, got "${text}"`);
  return value;
}

/** Runs `parse` and names the option in any error it throws, so the message says what to fix. */
function forOption<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof QuorumError) || error.message.startsWith(`--${name}`)) throw error;
    throw new InvalidInputError(`--${name}: ${error.message}`, { cause: error });
  }
}

/** Every option checked and every name resolved, before any model is loaded: a typo fails in milliseconds. */
function toSettings(values: Record<string, string | boolean | undefined>, positionals: string[], env: NodeJS.ProcessEnv): AskSettings {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  if (positionals.length !== 1 || positionals[0]?.trim() === '') {
    throw new InvalidInputError(`give exactly one question (quote it), got ${positionals.length}; e.g. quorum ask "What is 17 * 23?"`);
  }
  const format = text('format') ?? 'auto';
  if (!(FORMATS as readonly string[]).includes(format)) throw new InvalidInputError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const optionalInteger = (name: string): number | undefined => {
    const value = text(name);
    return value === undefined ? undefined : parseIntegerOption(name, value, 1);
  };
  const auto = text('strategy') === 'auto' ? readDecision(text('decision'), values) : undefined;
  if (auto === undefined && text('decision') !== undefined) throw new InvalidInputError('--decision applies only with --strategy auto');
  const strategySpec = auto?.strategy ?? text('strategy') ?? 'majority';
  const answer = text('answer') ?? 'math';
  forOption('answer', () => getAnswerKind(answer));
  const stopSpec = text('stop');
  const stopSequence = text('stop-sequence');
  const loop = isLoopStrategy(strategySpec) ? strategySpec : undefined;
  const strategy = loop === undefined ? forOption('strategy', () => parseStrategySpec(strategySpec)) : parseStrategySpec('majority');
  const feedback = feedbackFromFlags(auto?.values ?? values, loop, loop === undefined ? strategy : undefined);
  const settings: AskSettings = {
    question: positionals[0] as string,
    n: auto?.n ?? optionalInteger('n') ?? DEFAULT_N,
    parallel: optionalInteger('parallel'),
    strategy,
    answer,
    stopRule: stopSpec === undefined ? undefined : forOption('stop', () => parseStopRule(stopSpec)),
    temperature: numberOption('temperature', text('temperature'), 0.8, (x) => Number.isFinite(x) && x >= 0, 'a number ≥ 0'),
    topP: numberOption('top-p', text('top-p'), 1, (x) => x > 0 && x <= 1, 'in (0, 1]'),
    maxTokens: optionalInteger('max-tokens') ?? 512,
    stopSequence: stopSequence === undefined ? undefined : unescape(stopSequence),
    format: format as PromptFormat,
    threads: optionalInteger('threads'),
    seed: numberOption('seed', text('seed'), Math.floor(Math.random() * 2 ** 31), Number.isSafeInteger, 'an integer'),
    json: values['json'] === true,
    model: text('model') ?? fromEnv(env, 'QUORUM_MODEL'),
    baseUrl: text('base-url') ?? fromEnv(env, 'QUORUM_BASE_URL'),
    apiKey: text('api-key') ?? apiKeyFromEnv(env),
    cacheDir: text('cache-dir') ?? fromEnv(env, 'QUORUM_CACHE_DIR'),
    feedback,
    values,
  };
  if (feedback !== undefined && settings.stopRule !== undefined) throw new InvalidInputError(`--stop and self-feedback (${feedback.method}) cannot be combined: the loop decides when to stop`);
  if (settings.baseUrl !== undefined && settings.model === undefined) {
    throw new InvalidInputError('--base-url needs --model (or QUORUM_MODEL): the model name the server expects');
  }
  return settings;
}

/** `--strategy auto`: the saved allocation decision as the strategy, -n and feedback flags it stands for. */
function readDecision(file: string | undefined, values: Record<string, string | boolean | undefined>): { strategy: string; n: number; values: Record<string, string | boolean | undefined> } {
  if (file === undefined) throw new InvalidInputError('--strategy auto follows an allocation decision: give --decision <file> (made by quorum eval --decide --save-decision <file>)');
  for (const name of ['n', 'refine', 'verify']) if (values[name] !== undefined) throw new InvalidInputError(`--strategy auto takes -n and the loop from ${file}; drop --${name}`);
  let saved: SavedDecision;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as SavedDecision;
  } catch (cause) {
    throw new InvalidInputError(`--decision ${file}: cannot be read as JSON (${(cause as Error).message})`, { cause });
  }
  if (saved.kind !== 'quorum-allocation-decision' || !Number.isInteger(saved.n) || typeof saved.strategy !== 'string') {
    throw new InvalidInputError(`--decision ${file}: not an allocation decision; make one with quorum eval --decide --save-decision ${file}`);
  }
  const loop = saved.loop;
  if (loop?.method === 'solve-detect-verify') return { strategy: 'solve-detect-verify', n: saved.n, values: { ...values, verify: loop.verifier } };
  if (loop?.method === 'refine') return { strategy: saved.strategy, n: saved.n, values: { ...values, verify: loop.verifier, refine: String(loop.rounds ?? 1) } };
  return { strategy: saved.strategy, n: saved.n, values };
}

/** A backend and how many samples it runs at once. */
type AskBackend = OpenedBackend & { parallel: number };

/** Few samples at once with a stop rule, so that stopping saves the ones not yet started. */
async function openAskBackend(settings: AskSettings, io: AskIo): Promise<AskBackend> {
  const stopRuleParallel = settings.stopRule === undefined ? undefined : Math.min(settings.n, STOP_RULE_PARALLEL);
  const model = settings.model ?? DEFAULT_MODEL;
  const parallel = settings.parallel ?? stopRuleParallel ?? (settings.baseUrl === undefined ? Math.min(settings.n, DEFAULT_N) : 8);
  const opened = await openBackend({
    model,
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    concurrency: parallel,
    threads: settings.threads,
    cacheDir: settings.cacheDir,
    onDownloadProgress: downloadProgress(model, io),
  });
  return { ...opened, parallel };
}

/** A one-line progress meter on stderr while a model downloads (redrawn on a terminal, every 10% otherwise). */
function downloadProgress(model: string, io: AskIo): (p: { downloadedBytes: number; totalBytes: number }) => void {
  let lastTenth = -1;
  return ({ downloadedBytes, totalBytes }) => {
    const share = totalBytes > 0 ? downloadedBytes / totalBytes : 0;
    const line = `downloading ${model}: ${(downloadedBytes / 2 ** 20).toFixed(0)} / ${(totalBytes / 2 ** 20).toFixed(0)} MiB (${(100 * share).toFixed(0)}%)`;
    if (io.stderr.isTTY === true) io.stderr.write(`\r${line}${share >= 1 ? '\n' : ''}`);
    else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      io.stderr.write(`${line}\n`);
    }
  };
}

function promptFor(settings: AskSettings, chat: boolean): { prompt: Prompt; stop: string[] } {
  const format = settings.format === 'auto' ? (chat ? 'chat' : 'qa') : settings.format;
  const stop = settings.stopSequence ?? (format === 'qa' ? '\n' : undefined);
  const prompt: Prompt =
    format === 'chat'
      ? [{ role: 'user', content: settings.question }]
      : format === 'qa'
        ? `Q: ${settings.question}\nA:`
        : settings.question;
  return { prompt, stop: stop === undefined ? [] : [stop] };
}

/** A strategy with a sample need reads logprobs (or signals derived from them), so they must be requested. */
const strategyNeedsLogprobs = (settings: AskSettings): boolean => settings.strategy.needs !== undefined;

/** Top alternatives per token to request: what the stop rule watches (deepconf) and what a logprob-weighing strategy reads. */
function topLogprobsFor(settings: AskSettings, backend: Backend): number {
  const wanted = Math.max(settings.stopRule?.needsTopLogprobs ?? 0, strategyNeedsLogprobs(settings) ? STRATEGY_TOP_LOGPROBS : 0);
  return Math.min(wanted, backend.capabilities.topLogprobs);
}

/** Exit codes: 0 decided (an abstention included), 1 the model or server failed, 2 bad options. */
export async function run(argv: string[], io: AskIo = process, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let settings: AskSettings;
  let templates: TemplateSet | undefined;
  try {
    const { values, positionals } = parseCommandArgs('ask', argv, OPTIONS);
    if (values['help'] === true) {
      io.stdout.write(formatHelp('ask', USAGE, OPTIONS));
      return 0;
    }
    settings = toSettings(values, positionals, env);
    if (settings.feedback !== undefined) templates = await resolveFlagTemplates(settings.values, settings.model ?? DEFAULT_MODEL);
  } catch (error) {
    if (!(error instanceof QuorumError)) throw error;
    io.stderr.write(`quorum ask: ${error.message}\n`);
    return 2;
  }
  let opened: AskBackend | undefined;
  try {
    opened = await openAskBackend(settings, io);
    const { prompt, stop } = promptFor(settings, opened.chat);
    const topLogprobs = topLogprobsFor(settings, opened.backend);
    const result = await solve({
      backend: opened.backend,
      prompt,
      answerKind: getAnswerKind(settings.answer),
      strategy: settings.strategy,
      maxSamples: settings.n,
      concurrency: opened.parallel,
      seed: settings.seed,
      sampling: { temperature: settings.temperature, topP: settings.topP, maxTokens: settings.maxTokens, ...(stop.length > 0 && { stopSequences: stop }) },
      ...(strategyNeedsLogprobs(settings) && { logprobs: true }),
      ...(topLogprobs > 0 && { topLogprobs }),
      ...(settings.stopRule !== undefined && { stopRule: settings.stopRule }),
      ...(settings.feedback !== undefined && templates !== undefined && { feedback: { ...settings.feedback, templates } }),
    });
    const report = { question: settings.question, backend: opened.backend.id, seed: settings.seed, result };
    io.stdout.write(settings.json ? askJson(report) : askText(report));
    return 0;
  } catch (error) {
    if (!(error instanceof QuorumError)) throw error;
    io.stderr.write(`quorum ask: ${error.message}\n`);
    return error instanceof InvalidInputError ? 2 : 1;
  } finally {
    await opened?.backend.close?.();
  }
}
