/**
 * `quorum eval`: accuracy against compute for strategies on recorded samples. Pools are loaded one
 * source at a time (a garbled file is reported and skipped; the others are still evaluated), then
 * each pool is evaluated and printed as a table or as JSON lines. See docs/eval.md.
 */
import path from 'node:path';
import type { AnswerKind } from '../../answers/answer-kind.js';
import type { LoadOptions } from '../../recordings/load-sample-pool.js';
import { sampleFormats, type SampleFormat } from '../../recordings/recorded-question.js';
import { DEFAULT_TOY_ARITH_MODES } from '../../recordings/toy-arith-format.js';
import { BackendError, InvalidInputError } from '../../core/errors.js';
import { isGradable, singleSampleAccuracy, type SampleBudget } from '../../eval/eval-question.js';
import { evaluatePool } from '../../eval/evaluate.js';
import { formatJsonRow } from '../../eval/format-json-row.js';
import { formatPoolTable, type PoolSummary } from '../../eval/format-table.js';
import { sampleFileSources, type LoadedPool, type PoolSource } from '../../eval/pool-source.js';
import { createProgress } from '../../eval/progress.js';
import { expandSampleFiles } from '../../eval/sample-files.js';
import { evaluateStopping } from '../../eval/evaluate-stopping.js';
import { checkSimulable } from '../../eval/simulate-stopping.js';
import { formatStoppingJson, formatStoppingLines, labelConcurrency } from '../../eval/format-stopping.js';
import { parseStopRule, stopRuleNames } from '../../stopping/registry.js';
import { strategyNames } from '../../strategies/registry.js';
import { parseStrategySpec, splitStrategySpecs } from '../../strategies/strategy-spec.js';
import type { Strategy } from '../../strategies/strategy.js';
import { CALIBRATE_OPTIONS, calibrateMode, evaluateCalibrationPool, type CalibrateMode } from './eval-calibrate.js';
import {
  allocationOutput,
  decisionOutput,
  FEEDBACK_OPTIONS,
  feedbackRecorder,
  feedbackRows,
  feedbackSettings,
  formatFeedbackJson,
  hasFeedbackWork,
  LOOP_NAMES,
  withChecksFor,
  type FeedbackSettings,
} from './eval-feedback.js';
import { LIVE_OPTIONS, liveMode, type LiveMode } from './eval-live.js';
import { splitList, stringValue, type OptionTable, type OptionValues, type ParsedArgs } from '../args.js';
import { answerOptionHelp, resolveAnswerOption } from '../answer-option.js';
import { debugFromEnv, printError, runCommand, type Command, type CommandIo, type Env } from '../command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readNumber } from '../number-options.js';

const OPTIONS: OptionTable = {
  samples: {
    type: 'string',
    placeholder: 'file|glob',
    description: 'recorded samples: a file, a comma list, or a * / ? pattern in the file name; more files may follow as arguments',
  },
  strategy: {
    type: 'string',
    placeholder: 'names',
    defaultText: 'majority',
    description: `strategies to compare on the same draws, comma-separated (${strategyNames().join(', ')}), and loops replayed from recorded calls (${LOOP_NAMES.join(', ')})`,
  },
  n: { type: 'string', placeholder: 'list', defaultText: '1,4,16,all', description: 'sample budgets; "all" = every recorded sample. With --dataset: samples to record per question (default 16), evaluated at 1, 2, 4, … n' },
  seeds: { type: 'string', placeholder: 'k', defaultText: '20', description: 'seeded draws per budget (all runs once)' },
  seed: { type: 'string', placeholder: 's', defaultText: '0', description: 'base seed of the draws and the bootstrap' },
  format: {
    type: 'string',
    placeholder: 'name',
    defaultText: 'detected from the first line',
    description: `recording format (${sampleFormats.join(', ')})`,
  },
  answer: {
    type: 'string',
    placeholder: 'kind',
    defaultText: "the format's own (a run's: its dataset's)",
    description: `answer kind that extracts, compares and grades answers (${answerOptionHelp()}); with --samples or --run`,
  },
  answers: { type: 'string', placeholder: 'kind', description: 'same as --answer' },
  modes: {
    type: 'string',
    placeholder: 'list',
    defaultText: DEFAULT_TOY_ARITH_MODES.join(','),
    description: 'toy-arith recordings: modes that form the pool (greedy, T0.8, T1)',
  },
  strategies: { type: 'string', placeholder: 'names', description: 'same as --strategy' },
  stop: {
    type: 'string',
    placeholder: 'rule',
    description: `stop early by a rule (${stopRuleNames().join(', ')}; options as name:key=value,…); time is simulated from token counts, see docs/stopping.md`,
  },
  concurrency: { type: 'string', placeholder: 'list', defaultText: '1', description: 'with --stop: generations in flight at once, comma-separated' },
  ...LIVE_OPTIONS,
  ...CALIBRATE_OPTIONS,
  ...FEEDBACK_OPTIONS,
  json: { type: 'boolean', description: 'print one JSON object per row instead of tables' },
  quiet: { type: 'boolean', description: 'no progress on stderr' },
};

const USAGE =
  '--samples <file|glob> [--strategy majority] [--n 1,4,16,all] [--seeds 20] [--json]\n' +
  '       quorum eval --dataset <name|file> (--model <gguf> | --base-url <url> --model <name>) --n 64 --out runs/<name> [--strategies a,b]\n' +
  '       quorum eval --run runs/<name> [--strategies c]';

interface Settings {
  sources: PoolSource[];
  /** With --dataset: the recording to make (or resume) before evaluating it. */
  live: LiveMode | undefined;
  /** With --stop: the rule spec and the concurrencies to simulate. */
  stop?: { spec: string; concurrency: number[] };
  strategies: Strategy[];
  ns: SampleBudget[];
  seeds: number;
  seed: number;
  json: boolean;
  quiet: boolean;
  debug: boolean;
  /** With --calibrate cv: calibration figures instead of accuracy. */
  calibrate?: CalibrateMode;
  feedback: FeedbackSettings;
}

/**
 * 0 every pool evaluated; 1 a recording or a source failed (the other sources are still reported), or
 * samples failed and were left out.
 */
async function execute(settings: Settings, io: CommandIo): Promise<ExitCode> {
  let failedSamples = 0;
  if (settings.live?.record !== undefined) {
    const outcome = await settings.live.record(io);
    // A cancelled recording is kept and not evaluated: re-running the command resumes it.
    if (outcome.cancelled) return EXIT.failure;
    failedSamples = outcome.summary.errors;
    if (failedSamples > 0) {
      const first = outcome.firstFailure === undefined ? '' : ` (the first: ${outcome.firstFailure})`;
      io.stderr.write(`quorum eval: ${failedSamples} samples failed${first}; they are stored for the record but not counted, and re-running the same command retries them\n`);
    }
  }
  let failed = 0;
  for (const source of settings.sources) {
    try {
      await evaluateSource(await source.load(), settings, io);
    } catch (error) {
      printError(io, 'quorum eval', error, settings.debug);
      failed += 1;
    }
  }
  return failed > 0 || failedSamples > 0 ? EXIT.failure : EXIT.ok;
}

async function evaluateSource(loaded: LoadedPool, settings: Settings, io: CommandIo): Promise<void> {
  if (settings.calibrate !== undefined) return evaluateCalibrationPool(loaded, settings.calibrate, settings.seed, settings.json, (text) => io.stdout.write(text));
  const unusable = loaded.withoutUsableSample ?? 0;
  if (loaded.questions.length === 0 && unusable > 0) {
    throw new BackendError(`${loaded.name}: no question has a usable sample (every sample of its ${unusable} questions failed), so there is nothing to evaluate; re-run the recording to retry them`);
  }
  const pool = await withChecksFor(loaded, settings.feedback, settings.strategies);
  const progress = settings.quiet ? undefined : createProgress(io.stderr, path.basename(pool.name));
  if (settings.stop !== undefined) return evaluateStoppingSource(pool, settings, settings.stop, io, progress);
  if (settings.feedback.decide !== undefined) {
    io.stdout.write(await decisionOutput(pool, settings.feedback, settings.ns, settings));
    progress?.finish(`decision over ${pool.questions.length} questions`);
    return;
  }
  if (settings.feedback.allocation !== undefined) {
    io.stdout.write(await allocationOutput(pool, settings.feedback.allocation, settings));
    progress?.finish(`allocation over ${pool.questions.length} questions`);
    return;
  }
  const onProgress = progress === undefined ? {} : { onProgress: (done: number, total: number) => progress.update(done, total) };
  const loopRows = hasFeedbackWork(settings.feedback) ? await feedbackRows(pool, settings.feedback, settings.strategies, settings.ns, { ...settings, ...onProgress }) : [];
  const rows = settings.strategies.length === 0 ? [] : await evaluatePool({
    questions: pool.questions,
    strategies: settings.strategies,
    ns: settings.ns,
    seeds: settings.seeds,
    seed: settings.seed,
    ...onProgress,
  });
  progress?.finish(`${rows.length + loopRows.length} rows over ${pool.questions.length} questions`);
  const singleAccuracy = singleSampleAccuracy(pool.questions);
  const context = { file: pool.name, format: pool.format, singleAccuracy, withoutUsableSample: unusable };
  if (settings.json) {
    for (const row of rows) io.stdout.write(`${formatJsonRow(context, row)}\n`);
    for (const row of loopRows) io.stdout.write(`${formatFeedbackJson(context, row)}\n`);
    return;
  }
  io.stdout.write(`${formatPoolTable(poolSummary(pool, singleAccuracy), [...rows, ...loopRows])}\n`);
}

async function evaluateStoppingSource(
  pool: LoadedPool,
  settings: Settings,
  stop: NonNullable<Settings['stop']>,
  io: CommandIo,
  progress: ReturnType<typeof createProgress> | undefined,
): Promise<void> {
  const rows = [];
  for (const n of settings.ns) {
    rows.push(
      ...(await evaluateStopping({
        questions: pool.questions,
        strategies: settings.strategies,
        makeRule: () => parseStopRule(stop.spec),
        concurrency: stop.concurrency,
        seeds: settings.seeds,
        seed: settings.seed,
        maxSamples: n,
        ...(progress === undefined ? {} : { onProgress: (done: number, total: number) => progress.update(done, total) }),
      })),
    );
  }
  progress?.finish(`${rows.length} rows over ${pool.questions.length} questions`);
  const singleAccuracy = singleSampleAccuracy(pool.questions);
  if (settings.json) {
    for (const row of rows) io.stdout.write(`${formatStoppingJson({ file: pool.name, format: pool.format, singleAccuracy, withoutUsableSample: pool.withoutUsableSample ?? 0 }, row)}\n`);
    return;
  }
  io.stdout.write(`${formatPoolTable(poolSummary(pool, singleAccuracy), labelConcurrency(rows))}${formatStoppingLines(rows)}\n`);
}

/** The table head of a pool: graded questions, ungraded ones, smallest and largest pool, single-sample accuracy. */
function poolSummary(pool: LoadedPool, singleAccuracy: number): PoolSummary {
  const graded = pool.questions.filter(isGradable);
  const sizes = graded.map((q) => q.samples.length);
  return {
    file: pool.name,
    format: pool.format,
    questions: graded.length,
    ungraded: pool.questions.length - graded.length,
    withoutUsableSample: pool.withoutUsableSample ?? 0,
    poolSizes: [Math.min(...sizes), Math.max(...sizes)],
    singleAccuracy,
  };
}

async function toSettings({ values, positionals }: ParsedArgs, env: Env): Promise<Settings> {
  const answerSpec = stringValue(values, 'answer') ?? stringValue(values, 'answers');
  const answers = answerSpec === undefined ? undefined : await resolveAnswerOption(answerSpec);
  const live = liveMode(values, env, answers, values['dataset'] === undefined ? undefined : feedbackRecorder(values));
  const text = (name: string, fallback: string): string => stringValue(values, name) ?? fallback;
  const patterns = [...splitList(text('samples', '')), ...positionals];
  if (patterns.length === 0 && live === undefined) throw new InvalidInputError(`no recorded samples given; usage: quorum eval ${USAGE}`);
  // Runs keep the format they were recorded with; a flag that would be ignored is refused.
  const recordingOnly = ['format', 'modes'].find((name) => values[name] !== undefined);
  if (live !== undefined && recordingOnly !== undefined) throw new InvalidInputError(`--${recordingOnly} applies only to --samples files`);
  const names = splitStrategySpecs(text('strategies', text('strategy', 'majority')));
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new InvalidInputError(`--strategy lists "${repeated}" twice; list each once`);
  const calibrate = calibrateMode(values, names);
  const feedback = feedbackSettings(values, names);
  // Loops decide by their own rule; refine ends in a vote unless a strategy is named.
  if (names.length === 0 && feedback.refine.length > 0) names.push('majority');
  const stopSpec = values['stop'];
  if (typeof stopSpec === 'string') checkSimulable(parseStopRule(stopSpec)); // reject a bad rule, or one recordings cannot serve, before any work
  else if (values['concurrency'] !== undefined) throw new InvalidInputError('--concurrency applies only with --stop <rule>');
  const stop =
    typeof stopSpec === 'string'
      ? { spec: stopSpec, concurrency: splitList(text('concurrency', '1')).map((c) => readNumber('concurrency', c)) }
      : undefined;
  return {
    ...(stop === undefined ? {} : { stop }),
    ...(calibrate === undefined ? {} : { calibrate }),
    live,
    sources: live?.sources ?? sampleFileSources(expandSampleFiles(patterns), loadOptions(values, answers)),
    strategies: names.map(replayableStrategy),
    ns: live?.ns ?? splitList(text('n', stop === undefined ? '1,4,16,all' : 'all')).map(parseBudget),
    seeds: readNumber('seeds', text('seeds', '20')),
    seed: readNumber('seed', text('seed', '0')),
    json: values['json'] === true,
    quiet: values['quiet'] === true,
    debug: values['debug'] === true || debugFromEnv(env),
    feedback,
  };
}

/** A strategy from its spec (`name` or `name:key=value,…`); ones that ask the model again cannot replay recordings. */
function replayableStrategy(spec: string): Strategy {
  const strategy = parseStrategySpec(spec);
  if (strategy.callsModel) {
    throw new InvalidInputError(`${spec} asks the model again, so it cannot be replayed from recorded samples; evaluate it live (bench/strategies-live.ts) or pick answer-level strategies`);
  }
  return strategy;
}

function loadOptions(values: OptionValues, answers: AnswerKind | undefined): LoadOptions {
  const options: LoadOptions = {};
  const format = values['format'];
  if (typeof format === 'string') {
    if (!sampleFormats.includes(format as SampleFormat)) {
      throw new InvalidInputError(`--format must be one of ${sampleFormats.join(', ')}, got "${format}"`);
    }
    options.format = format as SampleFormat;
  }
  if (answers !== undefined) options.answers = answers;
  if (typeof values['modes'] === 'string') options.modes = splitList(values['modes']);
  if (typeof values['prompts'] === 'string') options.promptsFile = values['prompts'];
  return options;
}

function parseBudget(text: string): SampleBudget {
  return text === 'all' ? 'all' : readNumber('n', text);
}

const evalCommand: Command<Settings> = { name: 'eval', usage: USAGE, options: OPTIONS, settings: toSettings, execute };

export const run = (argv: readonly string[], io: CommandIo = process, env: Env = process.env): Promise<ExitCode> => runCommand(evalCommand, argv, io, env);
