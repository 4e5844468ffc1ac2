/**
 * `quorum ask "question"`: sample many answers from one model, vote, and print the decision with its
 * vote table. The model is a local or downloadable GGUF run in-process, or any OpenAI-compatible server.
 */
import { InvalidInputError, QuorumError } from '../../core/errors.js';
import type { Prompt } from '../../core/types.js';
import type { AnswerKind } from '../../answers/answer-kind.js';
import type { CalibrationArtifact } from '../../calibration/artifact.js';
import { logprobOptions } from '../../engine/logprob-request.js';
import { QA_STOP, qaPrompt } from '../../core/qa-prompt.js';
import { parseStopRule, stopRuleNames } from '../../stopping/registry.js';
import type { StopRule } from '../../stopping/stop-rule.js';
import { strategyNames } from '../../strategies/registry.js';
import { parseStrategySpec } from '../../strategies/strategy-spec.js';
import type { Strategy } from '../../strategies/strategy.js';
import { stringValue, unescape, type OptionTable, type OptionValues, type ParsedArgs } from '../args.js';
import { answerOptionHelp, resolveAnswerOption } from '../answer-option.js';
import { runCommand, type Command, type CommandIo, type Env } from '../command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { DECODING_OPTIONS, readDecodingOptions, type DecodingSettings } from '../decoding-options.js';
import { FEEDBACK_FLAGS, feedbackFromFlags, isLoopStrategy, LOOP_STRATEGIES, resolveFlagTemplates, type FlagFeedback } from '../feedback-flags.js';
import { readNumber, readOptionalNumber } from '../number-options.js';
import { apiKeyFromEnv, envValue, openBackend, type OpenedBackend } from '../open-backend.js';
import { readFileSync } from 'node:fs';
import type { TemplateSet } from '../../feedback/templates/template-set.js';
import type { SavedDecision } from './eval-feedback.js';
import { askJson, askText, noUsableSample } from './ask-output.js';

/**
 * What a new user gets with no --model: a small instruction-tuned model (Qwen2.5 0.5B Instruct,
 * Q4_K_M, ≈400 MB), downloaded once into the cache folder.
 */
export const DEFAULT_MODEL = 'hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf';
const DEFAULT_CACHE_DIR_TEXT = '~/.cache/quorum/models';
const DEFAULT_N = 16;
/** Samples in flight with a stop rule: few, so that stopping saves the samples not yet started. */
const STOP_RULE_PARALLEL = 4;
const FORMATS = ['auto', 'chat', 'qa', 'raw'] as const;
type PromptFormat = (typeof FORMATS)[number];

const USAGE = '[options] "question"';
const EXAMPLE = 'e.g. quorum ask "What is 17 * 23?"';
const OPTIONS: OptionTable = {
  model: { type: 'string', short: 'm', placeholder: 'path|hf:…|url|name', description: `GGUF to run in-process (local path, hf:user/repo/file.gguf or https URL; downloaded once into --cache-dir), or the model name with --base-url; env QUORUM_MODEL`, defaultText: DEFAULT_MODEL },
  'base-url': { type: 'string', placeholder: 'url', description: 'OpenAI-compatible server to use instead of an embedded model, e.g. http://127.0.0.1:8080/v1 (needs --model); env QUORUM_BASE_URL' },
  'api-key': { type: 'string', placeholder: 'key', description: 'API key for --base-url', defaultText: '$QUORUM_API_KEY, else $OPENAI_API_KEY, else none' },
  'cache-dir': { type: 'string', placeholder: 'folder', description: 'where hf: and https models are downloaded; env QUORUM_CACHE_DIR', defaultText: DEFAULT_CACHE_DIR_TEXT },
  n: { type: 'string', short: 'n', placeholder: 'count', description: 'samples to draw (fewer if --stop stops early)', defaultText: String(DEFAULT_N) },
  strategy: { type: 'string', placeholder: 'spec', description: `how samples become a decision: a name or name:key=value,… (${strategyNames().join(', ')}), or a self-feedback loop (${LOOP_STRATEGIES.join(', ')}), or auto (with --decision)`, defaultText: 'majority' },
  answer: { type: 'string', placeholder: 'kind', description: `how answers are extracted and compared (${answerOptionHelp()}); see docs/answers.md`, defaultText: 'math' },
  stop: { type: 'string', placeholder: 'rule', description: `stop sampling early by a rule: a name or name:key=value,… (${stopRuleNames().join(', ')}), e.g. auto, beta:threshold=0.9, esc:window=5; see docs/stopping.md`, defaultText: 'none: draw all n' },
  temperature: { type: 'string', short: 't', placeholder: 'T', description: 'sampling temperature, from 0 to 2', defaultText: '0.8' },
  'top-p': { type: 'string', placeholder: 'p', description: 'nucleus sampling mass in (0, 1]', defaultText: '1' },
  ...DECODING_OPTIONS,
  'max-tokens': { type: 'string', placeholder: 'count', description: 'most tokens per sample', defaultText: '512' },
  'stop-sequence': { type: 'string', placeholder: 'text', description: 'text that ends a sample; \\n and \\t are understood', defaultText: '"\\n" with --format qa, none otherwise' },
  format: { type: 'string', placeholder: FORMATS.join('|'), description: 'prompt format: chat messages, "Q: …\\nA:" completion, or the question verbatim; auto = chat with --base-url or a model with a chat template, else qa', defaultText: 'auto' },
  threads: { type: 'string', placeholder: 'count', description: 'CPU threads of the embedded model', defaultText: '1 for models under 64 MiB, else the CPU math cores' },
  'context-size': { type: 'string', placeholder: 'tokens', description: 'tokens per sequence of the embedded model (prompt and answer; usc and gsa put every sample into one prompt)', defaultText: "the model's training context, at most 4096" },
  parallel: { type: 'string', placeholder: 'count', description: 'samples generated at once', defaultText: `min(n, ${DEFAULT_N}) embedded, 8 with --base-url; min(n, ${STOP_RULE_PARALLEL}) with --stop` },
  seed: { type: 'string', placeholder: 'int', description: 'seed for reproducible samples', defaultText: 'random, printed' },
  calibration: { type: 'string', placeholder: 'file', description: 'report the calibrated confidence of this calibration (quorum calibrate) and abstain by its certified threshold; see docs/calibration.md' },
  ...FEEDBACK_FLAGS,
  decision: { type: 'string', placeholder: 'file.json', description: 'with --strategy auto: the allocation decision to follow (quorum eval --decide --save-decision); it sets the strategy, loop and -n' },
  json: { type: 'boolean', description: 'print one JSON object instead of the report' },
};

interface AskSettings {
  question: string;
  n: number;
  parallel: number | undefined;
  strategy: Strategy;
  answerKind: AnswerKind;
  stopRule: StopRule | undefined;
  decoding: DecodingSettings;
  maxTokens: number;
  stopSequence: string | undefined;
  format: PromptFormat;
  threads: number | undefined;
  contextSize: number | undefined;
  seed: number;
  json: boolean;
  model: string | undefined;
  baseUrl: string | undefined;
  apiKey: string | undefined;
  cacheDir: string | undefined;
  /** With --calibration: the artifact, and whether its features read logprobs. */
  calibration: { artifact: CalibrationArtifact; needsLogprobs: boolean } | undefined;
  /** The self-feedback the flags ask for, its templates resolved for the model. */
  feedback: (FlagFeedback & { templates: TemplateSet }) | undefined;
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

function theQuestion(positionals: readonly string[]): string {
  const [question] = positionals;
  if (question === undefined) throw new InvalidInputError(`give the question to answer (quote it); ${EXAMPLE}`);
  if (positionals.length > 1) throw new InvalidInputError(`give exactly one question (quote it), got ${positionals.length} arguments; ${EXAMPLE}`);
  if (question.trim() === '') throw new InvalidInputError(`the question is empty; ${EXAMPLE}`);
  return question;
}

/** Every option checked and every name resolved, before any model is loaded: a typo fails in milliseconds. */
async function toSettings({ values, positionals }: ParsedArgs, env: Env): Promise<AskSettings> {
  const text = (name: string): string | undefined => stringValue(values, name);
  const question = theQuestion(positionals);
  const format = text('format') ?? 'auto';
  if (!(FORMATS as readonly string[]).includes(format)) throw new InvalidInputError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const auto = text('strategy') === 'auto' ? readDecision(text('decision'), values) : undefined;
  if (auto === undefined && text('decision') !== undefined) throw new InvalidInputError('--decision applies only with --strategy auto');
  const strategySpec = auto?.strategy ?? text('strategy') ?? 'majority';
  const stopSpec = text('stop');
  const stopSequence = text('stop-sequence');
  const loop = isLoopStrategy(strategySpec) ? strategySpec : undefined;
  const strategy = loop === undefined ? forOption('strategy', () => parseStrategySpec(strategySpec)) : parseStrategySpec('majority');
  const flagFeedback = feedbackFromFlags(auto?.values ?? values, loop, loop === undefined ? strategy : undefined);
  const model = text('model') ?? envValue(env, 'QUORUM_MODEL');
  const feedback = flagFeedback === undefined ? undefined : { ...flagFeedback, templates: await resolveFlagTemplates(values, model ?? DEFAULT_MODEL) };
  const calibrationFile = text('calibration');
  const calibration = calibrationFile === undefined ? undefined : await readCalibrationOption(calibrationFile, strategy);
  const baseUrl = text('base-url') ?? envValue(env, 'QUORUM_BASE_URL');
  const settings: AskSettings = {
    question,
    n: auto?.n ?? readOptionalNumber('n', text('n')) ?? DEFAULT_N,
    parallel: readOptionalNumber('parallel', text('parallel')),
    strategy,
    answerKind: await resolveAnswerOption(text('answer') ?? 'math'),
    stopRule: stopSpec === undefined ? undefined : forOption('stop', () => parseStopRule(stopSpec)),
    decoding: readDecodingOptions(text, { server: baseUrl !== undefined }),
    maxTokens: readOptionalNumber('max-tokens', text('max-tokens')) ?? 512,
    stopSequence: stopSequence === undefined ? undefined : unescape(stopSequence),
    format: format as PromptFormat,
    threads: readOptionalNumber('threads', text('threads')),
    contextSize: readOptionalNumber('context-size', text('context-size')),
    seed: text('seed') === undefined ? Math.floor(Math.random() * 2 ** 31) : readNumber('seed', text('seed') as string),
    json: values['json'] === true,
    model,
    baseUrl,
    apiKey: text('api-key') ?? apiKeyFromEnv(env),
    cacheDir: text('cache-dir') ?? envValue(env, 'QUORUM_CACHE_DIR'),
    calibration,
    feedback,
  };
  if (feedback !== undefined && settings.stopRule !== undefined) throw new InvalidInputError(`--stop and self-feedback (${feedback.method}) cannot be combined: the loop decides when to stop`);
  if (settings.baseUrl !== undefined && settings.model === undefined) {
    throw new InvalidInputError('--base-url needs --model (or QUORUM_MODEL): the model name the server expects');
  }
  for (const name of ['threads', 'context-size'] as const) {
    if (settings.baseUrl !== undefined && values[name] !== undefined) throw new InvalidInputError(`--${name} applies to an embedded model, not to --base-url`);
  }
  return settings;
}

/** The calibration file, checked against the strategy; its modules (and zod) load only when the option is given. */
async function readCalibrationOption(file: string, strategy: Strategy): Promise<NonNullable<AskSettings['calibration']>> {
  const [{ readCalibration }, { calibrationNeedsLogprobs, checkCalibrationUse }] = await Promise.all([
    import('../../calibration/artifact.js'),
    import('../../calibration/apply-calibration.js'),
  ]);
  const artifact = forOption('calibration', () => readCalibration(file));
  // Logprobs are requested when the calibration reads them, so only the strategy can disagree.
  forOption('calibration', () => checkCalibrationUse(artifact, { strategy: strategy.name, logprobs: true }));
  return { artifact, needsLogprobs: calibrationNeedsLogprobs(artifact) };
}

/** `--strategy auto`: the saved allocation decision as the strategy, -n and feedback flags it stands for. */
function readDecision(file: string | undefined, values: OptionValues): { strategy: string; n: number; values: OptionValues } {
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
async function openAskBackend(settings: AskSettings, io: CommandIo): Promise<AskBackend> {
  const stopRuleParallel = settings.stopRule === undefined ? undefined : Math.min(settings.n, STOP_RULE_PARALLEL);
  const model = settings.model ?? DEFAULT_MODEL;
  const parallel = settings.parallel ?? stopRuleParallel ?? (settings.baseUrl === undefined ? Math.min(settings.n, DEFAULT_N) : 8);
  const opened = await openBackend({
    model,
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    concurrency: parallel,
    threads: settings.threads,
    contextSize: settings.contextSize,
    cacheDir: settings.cacheDir,
    onDownloadProgress: downloadProgress(model, io),
  });
  return { ...opened, parallel };
}

/** A one-line progress meter on stderr while a model downloads (redrawn on a terminal, every 10% otherwise). */
function downloadProgress(model: string, io: CommandIo): (p: { downloadedBytes: number; totalBytes: number }) => void {
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
  const stop = settings.stopSequence ?? (format === 'qa' ? QA_STOP : undefined);
  const prompt: Prompt =
    format === 'chat'
      ? [{ role: 'user', content: settings.question }]
      : format === 'qa'
        ? qaPrompt(settings.question)
        : settings.question;
  return { prompt, stop: stop === undefined ? [] : [stop] };
}

/** The embedded backend names its option `contextSize`; on the command line it is --context-size. */
async function inCliTerms<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof QuorumError && error.message.includes('raise contextSize')) {
      throw new InvalidInputError(error.message.replace('raise contextSize', 'raise --context-size'), { cause: error });
    }
    throw error;
  }
}

/** 0 decided (an abstention included), 1 when no sample was usable because the backend failed them all. */
async function execute(settings: AskSettings, io: CommandIo): Promise<ExitCode> {
  const started = performance.now();
  // solve() is imported here, once the command line is known to be good: --help and option errors never load it.
  const [{ solve }, opened] = await Promise.all([import('../../engine/solve.js'), openAskBackend(settings, io)]);
  try {
    const loadMs = performance.now() - started;
    const { prompt, stop } = promptFor(settings, opened.chat);
    const result = await inCliTerms(solve({
      backend: opened.backend,
      prompt,
      answerKind: settings.answerKind,
      strategy: settings.strategy,
      maxSamples: settings.n,
      concurrency: opened.parallel,
      seed: settings.seed,
      sampling: { ...settings.decoding, maxTokens: settings.maxTokens, ...(stop.length > 0 && { stopSequences: stop }) },
      ...logprobOptions({
        strategy: settings.strategy,
        stopRule: settings.stopRule,
        backend: opened.backend,
        callerLogprobs: settings.calibration?.needsLogprobs === true,
      }),
      ...(settings.stopRule !== undefined && { stopRule: settings.stopRule }),
      ...(settings.calibration !== undefined && { calibration: settings.calibration.artifact }),
      ...(settings.feedback !== undefined && { feedback: settings.feedback }),
    }));
    const report = { question: settings.question, backend: opened.backend.id, seed: settings.seed, loadMs, result };
    io.stdout.write(settings.json ? askJson(report) : askText(report));
    const failure = noUsableSample(result);
    if (failure === undefined) return EXIT.ok;
    io.stderr.write(`quorum ask: ${failure}\n`);
    return EXIT.failure;
  } finally {
    await opened.backend.close?.();
  }
}

const ask: Command<AskSettings> = { name: 'ask', usage: USAGE, options: OPTIONS, settings: toSettings, execute };

export const run = (argv: readonly string[], io: CommandIo = process, env: Env = process.env): Promise<ExitCode> => runCommand(ask, argv, io, env);
