/**
 * `quorum report <run|samples-file>`: evaluate a recorded run (or a recorded-samples file) with every
 * answer-level strategy and render one self-contained HTML file, or Markdown or JSON. See docs/recording.md.
 */
import path from 'node:path';
import { loadSamplePool } from '../../recordings/load-sample-pool.js';
import { InvalidInputError } from '../../core/errors.js';
import { isGradable, type EvalQuestion, type SampleBudget } from '../../eval/eval-question.js';
import { evaluatePool } from '../../eval/evaluate.js';
import { evaluateStopping } from '../../eval/evaluate-stopping.js';
import { checkSimulable } from '../../eval/simulate-stopping.js';
import { logGrid } from '../../eval/metrics/pass-at-k.js';
import type { EvalRow } from '../../eval/row-accumulator.js';
import { createProgress } from '../../eval/progress.js';
import { buildReport } from '../../eval/report/build-report.js';
import { isReportFormat, renderReport, reportFormats, type ReportFormat } from '../../eval/report/render-report.js';
import type { RunManifest } from '../../eval/store/manifest.js';
import { runPool } from '../../eval/store/run-pool.js';
import { isRunDir, readRun } from '../../eval/store/run-store.js';
import { parseStopRule, stopRuleNames } from '../../stopping/registry.js';
import type { StopRule } from '../../stopping/stop-rule.js';
import type { Strategy } from '../../strategies/strategy.js';
import { majority } from '../../strategies/majority.js';
import { answerLevelStrategiesFor, strategyNames } from '../../strategies/registry.js';
import { parseStrategySpec, splitStrategySpecs } from '../../strategies/strategy-spec.js';
import { parseFractionOption, splitList, stringValue, type OptionTable, type ParsedArgs } from '../args.js';
import { evaluateCalibration } from '../../calibration/evaluate-calibration.js';
import { runCommand, type Command, type CommandIo, type Env } from '../command.js';
import { writeOutputFile } from '../output-file.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readNumber } from '../number-options.js';
import { reportFeedback } from './eval-feedback.js';

const OPTIONS: OptionTable = {
  format: { type: 'string', placeholder: 'html|md|json', defaultText: 'html', description: 'output format' },
  out: { type: 'string', placeholder: 'file', defaultText: '<run>/report.<format>, or stdout for a samples file', description: 'where to write the report' },
  strategies: {
    type: 'string',
    placeholder: 'names',
    defaultText: 'every strategy that makes no model calls and that the samples support (ensemble only with several sources)',
    description: `strategies to compare on the same draws (${strategyNames().join(', ')})`,
  },
  n: { type: 'string', placeholder: 'list', defaultText: '1,2,4,… up to the smallest pool', description: 'sample budgets; "all" = every sample' },
  seeds: { type: 'string', placeholder: 'k', defaultText: '20', description: 'seeded draws per budget' },
  seed: { type: 'string', placeholder: 's', defaultText: '0', description: 'base seed of draws, bootstrap and drill-down' },
  stops: {
    type: 'string',
    placeholder: 'rules',
    defaultText: `${defaultStops().join(';')}`,
    description: `stop rules decided by majority, ';'-separated specs name:key=value,… (${stopRuleNames().join(', ')}), or "none"; time is simulated from token counts`,
  },
  concurrency: { type: 'string', placeholder: 'k', defaultText: '1', description: 'generations in flight in the simulated stop-rule runs' },
  calibrate: { type: 'string', placeholder: 'cv', description: "add a calibration of majority's confidence learnt from the run (Platt, cross-fitted by question): reliability before and after, risk–coverage; see docs/calibration.md" },
  'target-risk': { type: 'string', placeholder: 'α', description: 'with --calibrate: check the certified threshold for this error rate (δ 0.1) over 200 random splits and mark it on the risk–coverage chart' },
  title: { type: 'string', placeholder: 'text', defaultText: 'the run folder or file name', description: 'report title' },
  verify: { type: 'string', placeholder: 'verifier', defaultText: 'rederive', description: 'for runs with recorded feedback calls: the verifier whose checks are replayed' },
  templates: { type: 'string', placeholder: 'name|file', defaultText: 'by model (toy-arith-sf or natural-language)', description: 'feedback prompts the recorded calls were made with' },
  quiet: { type: 'boolean', description: 'no progress on stderr' },
};

const USAGE = '<run-folder|samples-file> [--format html|md|json] [--out file] [--strategies a,b] [--stops esc;beta] [--n 1,4,16] [--seeds 20]';

interface Source {
  name: string;
  /** The recording's format, or `run`. */
  format: string;
  questions: EvalQuestion[];
  meta: Record<string, string | number>;
  /** Default output path, when the source is a run folder. */
  defaultOut?: (format: ReportFormat) => string;
}

/** Options checked before any work. `ns` and `strategies` are undefined when their defaults depend on the samples. */
interface ReportOptions {
  target: string;
  format: ReportFormat;
  ns: SampleBudget[] | undefined;
  strategies: Strategy[] | undefined;
  seeds: number;
  seed: number;
  stops: string[];
  concurrency: number;
  /** With --calibrate cv: the target risk to check, if any. */
  calibrate?: { targetRisk: number | undefined };
  out: string | undefined;
  title: string | undefined;
  quiet: boolean;
  /** How recorded feedback calls are replayed: the verifier and the prompt templates. */
  replay: { verifier: string | undefined; templates: string | undefined };
}

/** 0 written; 1 the run or file could not be read, evaluated or written. */
async function execute(options: ReportOptions, io: CommandIo): Promise<ExitCode> {
  const { target, format, seeds, seed, stops, concurrency } = options;
  const loaded = await loadSource(target);
  const early = loaded.questions.filter((q) => isGradable(q) && q.samples.length > 0);
  const earlyNs: SampleBudget[] = options.ns ?? logGrid(Math.min(...early.map((q) => q.samples.length)));
  // Recorded feedback calls replay first: verification-based strategies then join the comparison.
  const feedback = early.length === 0 ? undefined : await reportFeedback({ name: loaded.name, format: loaded.format, questions: early }, options.replay, earlyNs, { seeds, seed });
  const source = { ...loaded, questions: feedback?.questions ?? loaded.questions };
  const graded = source.questions.filter((q) => isGradable(q) && q.samples.length > 0);
  if (graded.length === 0) throw new InvalidInputError(`${target} has no graded question with usable samples yet; nothing to report`);
  const smallest = Math.min(...graded.map((q) => q.samples.length));
  const ns: SampleBudget[] = options.ns ?? logGrid(smallest);
  const strategies = options.strategies ?? answerLevelStrategiesFor(graded.flatMap((q) => q.samples));
  const largest = ns.filter((n): n is number => n !== 'all').at(-1) ?? 'all';
  const progress = options.quiet ? undefined : createProgress(io.stderr, `report ${path.basename(source.name)}`);
  const onProgress = progress && { onProgress: (done: number, total: number) => progress.update(done, total) };
  const rows: EvalRow[] = await evaluatePool({ questions: graded, strategies, ns, seeds, seed, ...onProgress });
  // Stop rules: one row per rule, the rule's samples decided by majority, capped at the largest budget.
  for (const spec of stops) {
    const makeRule = (): StopRule => parseStopRule(spec);
    rows.push(...(await evaluateStopping({ questions: graded, strategies: [majority()], makeRule, concurrency: [concurrency], seeds, seed, maxSamples: largest, ...onProgress })));
  }
  rows.push(...(feedback?.rows ?? []));
  const calibrated =
    options.calibrate === undefined
      ? undefined
      : await evaluateCalibration(graded, {
          strategy: majority(),
          method: 'platt',
          budgets: logGrid(smallest),
          draws: 10,
          seed,
          ...(options.calibrate.targetRisk !== undefined && { risk: { risk: options.calibrate.targetRisk, delta: 0.1, budget: smallest } }),
        });
  progress?.finish(`${rows.length} rows over ${graded.length} questions`);
  const data = await buildReport({
    ...(calibrated !== undefined && { calibrated }),
    title: options.title ?? `quorum report: ${source.name}`,
    meta: { ...source.meta, 'budgets N': ns.join(', '), 'seeded draws per N': seeds, 'drill-down N': largest, 'stop rules': stops.join('; ') || 'none', 'stop-rule concurrency': concurrency },
    questions: graded,
    strategies,
    rows,
    drillDownN: largest,
    seed,
    ...(feedback?.section !== undefined && { feedback: feedback.section }),
  });
  const output = await renderReport(data, format);
  const out = options.out ?? source.defaultOut?.(format);
  if (out === undefined) io.stdout.write(output);
  else {
    writeOutputFile(out, 'the report', output);
    io.stderr.write(`quorum report: wrote ${out}\n`);
  }
  return EXIT.ok;
}

async function loadSource(target: string): Promise<Source> {
  if (isRunDir(target)) {
    const stored = readRun(target);
    const { manifest } = stored;
    const all = [...stored.byQuestion.values()].flat();
    const failed = all.filter((sample) => sample.status === 'error').length;
    const pool = runPool(stored);
    return {
      name: target,
      format: 'run',
      questions: pool.questions,
      meta: {
        dataset: manifest.dataset.ref,
        'answer kind': manifest.dataset.kind,
        backend: manifest.backend.id,
        ...Object.fromEntries(Object.entries(manifest.backend.settings).map(([k, v]) => [`backend ${k}`, String(v)])),
        sampling: samplingText(manifest.sampling),
        'samples per question': manifest.n,
        'seed (recording)': manifest.seed,
        questions: manifest.dataset.questions.length,
        'samples stored': failed > 0 ? `${all.length} (${failed} failed, not counted; re-running the recording retries them)` : all.length,
        ...(pool.withoutUsableSample > 0 && { 'questions without a usable sample': `${pool.withoutUsableSample} (left out of every figure)` }),
        recorded: manifest.createdAt,
      },
      defaultOut: (format) => path.join(target, `report.${format}`),
    };
  }
  const pool = await loadSamplePool(target);
  return { name: target, format: pool.format, questions: pool.questions, meta: { file: target, format: pool.format, questions: pool.questions.length } };
}

/**
 * Every registered rule with its defaults that a simulation on recorded samples can run: not `fixed`
 * (the fixed-N rows already show it) and none that watch streamed top-k logprobs (DeepConf online).
 */
function defaultStops(): string[] {
  return stopRuleNames().filter((name) => name !== 'fixed' && !parseStopRule(name).needsTopLogprobs);
}

/** "temperature 0.8, top-p 1, at most 512 tokens, stop at "\n", logprobs"; a run with a sampler spec shows it, order included. */
export function samplingText(sampling: RunManifest['sampling']): string {
  const sampler = typeof sampling.sampler === 'string' ? [`sampler ${sampling.sampler}`] : [`temperature ${sampling.temperature}`, `top-p ${sampling.topP ?? 1}`];
  const decode = typeof sampling.decode === 'string' ? [`decode ${sampling.decode}`] : [];
  const parts = [...sampler, ...decode, `at most ${sampling.maxTokens} tokens`];
  if (sampling.stopSequences !== undefined && sampling.stopSequences.length > 0) parts.push(`stop at ${sampling.stopSequences.map((s) => JSON.stringify(s)).join(' or ')}`);
  if (sampling.logprobs) parts.push(sampling.topLogprobs === undefined ? 'logprobs' : `logprobs with top ${sampling.topLogprobs}`);
  return parts.join(', ');
}

/** Every option a run needs, checked before the source is read; throws InvalidInputError on a bad one. */
function parseOptions({ values, positionals }: ParsedArgs): ReportOptions {
  if (positionals.length !== 1) throw new InvalidInputError(`give exactly one run folder or samples file; usage: quorum report ${USAGE}`);
  const text = (name: string): string | undefined => stringValue(values, name);
  const format = text('format') ?? 'html';
  if (!isReportFormat(format)) throw new InvalidInputError(`--format must be one of ${reportFormats.join(', ')}, got "${format}"`);
  const nText = text('n');
  const strategiesText = text('strategies');
  const stopsText = text('stops');
  const stops = stopsText === 'none' ? [] : stopsText === undefined ? defaultStops() : stopsText.split(';').filter((spec) => spec.trim() !== '');
  // A report always runs on recorded samples: reject a bad rule, or one they cannot serve.
  for (const spec of stops) checkSimulable(parseStopRule(spec));
  const calibrate = text('calibrate');
  if (calibrate !== undefined && calibrate !== 'cv') throw new InvalidInputError(`--calibrate takes "cv" (cross-fitting), got "${calibrate}"`);
  const targetRisk = text('target-risk');
  if (targetRisk !== undefined && calibrate === undefined) throw new InvalidInputError('--target-risk applies only with --calibrate cv');
  return {
    ...(calibrate !== undefined && { calibrate: { targetRisk: targetRisk === undefined ? undefined : parseFractionOption('target-risk', targetRisk) } }),
    target: positionals[0] as string,
    format,
    ns: nText === undefined ? undefined : splitList(nText).map(parseBudget),
    strategies: strategiesText === undefined ? undefined : splitStrategySpecs(strategiesText).map(parseStrategySpec),
    seeds: readNumber('seeds', text('seeds') ?? '20'),
    seed: readNumber('seed', text('seed') ?? '0'),
    stops,
    concurrency: readNumber('concurrency', text('concurrency') ?? '1'),
    out: text('out'),
    title: text('title'),
    quiet: values['quiet'] === true,
    replay: { verifier: text('verify'), templates: text('templates') },
  };
}

function parseBudget(text: string): SampleBudget {
  return text === 'all' ? 'all' : readNumber('n', text);
}

const report: Command<ReportOptions> = { name: 'report', usage: USAGE, options: OPTIONS, settings: parseOptions, execute };

export const run = (argv: readonly string[], io: CommandIo = process, env: Env = process.env): Promise<ExitCode> => runCommand(report, argv, io, env);
