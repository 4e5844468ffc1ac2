/**
 * `quorum report <run|samples-file>`: evaluate a recorded run (or a recorded-samples file) with every
 * answer-level strategy and render one self-contained HTML file, or Markdown or JSON. See docs/recording.md.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSamplePool } from '../../backends/replay/load-sample-pool.js';
import { InvalidInputError, QuorumError } from '../../core/errors.js';
import type { EvalQuestion, SampleBudget } from '../../eval/eval-question.js';
import { evaluatePool } from '../../eval/evaluate.js';
import { evaluateStopping } from '../../eval/evaluate-stopping.js';
import { checkSimulable } from '../../eval/simulate-stopping.js';
import { logGrid } from '../../eval/metrics/pass-at-k.js';
import type { EvalRow } from '../../eval/row-accumulator.js';
import { createProgress } from '../../eval/progress.js';
import { buildReport } from '../../eval/report/build-report.js';
import { isReportFormat, renderReport, reportFormats, type ReportFormat } from '../../eval/report/render-report.js';
import { runQuestions } from '../../eval/store/run-pool.js';
import { isRunDir, readRun } from '../../eval/store/run-store.js';
import { parseStopRule, stopRuleNames } from '../../stopping/registry.js';
import type { StopRule } from '../../stopping/stop-rule.js';
import type { Strategy } from '../../strategies/strategy.js';
import { majority } from '../../strategies/majority.js';
import { answerLevelStrategiesFor, strategyNames } from '../../strategies/registry.js';
import { parseStrategySpec, splitStrategySpecs } from '../../strategies/strategy-spec.js';
import { formatHelp, parseCommandArgs, parseIntegerOption, splitList, type OptionTable } from '../args.js';
import type { CommandIo } from './eval.js';
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
  title: { type: 'string', placeholder: 'text', defaultText: 'the run folder or file name', description: 'report title' },
  verify: { type: 'string', placeholder: 'verifier', defaultText: 'rederive', description: 'for runs with recorded feedback calls: the verifier whose checks are replayed' },
  templates: { type: 'string', placeholder: 'name|file', defaultText: 'by model (toy-arith-sf or natural-language)', description: 'feedback prompts the recorded calls were made with' },
  quiet: { type: 'boolean', description: 'no progress on stderr' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
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
  format: ReportFormat;
  ns: SampleBudget[] | undefined;
  strategies: Strategy[] | undefined;
  seeds: number;
  seed: number;
  stops: string[];
  concurrency: number;
}

/** Exit codes: 0 written, 1 the run or file could not be read or evaluated, 2 bad options. */
export async function run(argv: string[], io: CommandIo = process): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let target: string;
  let options: ReportOptions;
  try {
    const parsed = parseCommandArgs('report', argv, OPTIONS);
    values = parsed.values;
    if (values['help'] === true) {
      io.stdout.write(formatHelp('report', USAGE, OPTIONS));
      return 0;
    }
    if (parsed.positionals.length !== 1) throw new InvalidInputError(`give exactly one run folder or samples file; usage: quorum report ${USAGE}`);
    target = parsed.positionals[0] as string;
    options = parseOptions(values);
  } catch (error) {
    if (!(error instanceof QuorumError)) throw error;
    io.stderr.write(`quorum report: ${error.message}\n`);
    return 2;
  }
  try {
    const text = (name: string): string | undefined => values[name] as string | undefined;
    const { format, seeds, seed, stops, concurrency } = options;
    const loaded = await loadSource(target);
    const early = loaded.questions.filter((q) => q.gold !== null && q.samples.length > 0);
    const earlyNs: SampleBudget[] = options.ns ?? logGrid(Math.min(...early.map((q) => q.samples.length)));
    const feedback = early.length === 0 ? undefined : await reportFeedback({ name: loaded.name, format: loaded.format, questions: early }, values, earlyNs, { seeds, seed });
    const source = { ...loaded, questions: feedback?.questions ?? loaded.questions };
    const graded = source.questions.filter((q) => q.gold !== null && q.samples.length > 0);
    if (graded.length === 0) throw new InvalidInputError(`${target} has no graded question with samples yet; nothing to report`);
    const smallest = Math.min(...graded.map((q) => q.samples.length));
    const ns: SampleBudget[] = options.ns ?? logGrid(smallest);
    const strategies = options.strategies ?? answerLevelStrategiesFor(graded.flatMap((q) => q.samples));
    const largest = ns.filter((n): n is number => n !== 'all').at(-1) ?? 'all';
    const progress = values['quiet'] === true ? undefined : createProgress(io.stderr, `report ${path.basename(source.name)}`);
    const onProgress = progress && { onProgress: (done: number, total: number) => progress.update(done, total) };
    const rows: EvalRow[] = await evaluatePool({ questions: graded, strategies, ns, seeds, seed, ...onProgress });
    // Stop rules: one row per rule, the rule's samples decided by majority, capped at the largest budget.
    for (const spec of stops) {
      const makeRule = (): StopRule => parseStopRule(spec);
      rows.push(...(await evaluateStopping({ questions: graded, strategies: [majority()], makeRule, concurrency: [concurrency], seeds, seed, maxSamples: largest, ...onProgress })));
    }
    rows.push(...(feedback?.rows ?? []));
    progress?.finish(`${rows.length} rows over ${graded.length} questions`);
    const data = await buildReport({
      title: text('title') ?? `quorum report: ${source.name}`,
      meta: { ...source.meta, 'budgets N': ns.join(', '), 'seeded draws per N': seeds, 'drill-down N': largest, 'stop rules': stops.join('; ') || 'none', 'stop-rule concurrency': concurrency },
      questions: graded,
      strategies,
      rows,
      drillDownN: largest,
      seed,
      ...(feedback?.section !== undefined && { feedback: feedback.section }),
    });
    const output = await renderReport(data, format);
    const out = text('out') ?? source.defaultOut?.(format);
    if (out === undefined) io.stdout.write(output);
    else {
      writeFileSync(out, output);
      io.stderr.write(`quorum report: wrote ${out}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof QuorumError)) throw error;
    io.stderr.write(`quorum report: ${error.message}\n`);
    return 1;
  }
}

async function loadSource(target: string): Promise<Source> {
  if (isRunDir(target)) {
    const stored = readRun(target);
    const { manifest } = stored;
    const samples = [...stored.byQuestion.values()].reduce((sum, list) => sum + list.length, 0);
    return {
      name: target,
      format: 'run',
      questions: runQuestions(stored),
      meta: {
        dataset: manifest.dataset.ref,
        'answer kind': manifest.dataset.kind,
        backend: manifest.backend.id,
        ...Object.fromEntries(Object.entries(manifest.backend.settings).map(([k, v]) => [`backend ${k}`, String(v)])),
        sampling: JSON.stringify(manifest.sampling),
        'samples per question': manifest.n,
        'seed (recording)': manifest.seed,
        questions: manifest.dataset.questions.length,
        'samples stored': samples,
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

/** Every option a run needs, checked before the source is read; throws InvalidInputError on a bad one. */
function parseOptions(values: Record<string, string | boolean | undefined>): ReportOptions {
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const format = text('format') ?? 'html';
  if (!isReportFormat(format)) throw new InvalidInputError(`--format must be one of ${reportFormats.join(', ')}, got "${format}"`);
  const nText = text('n');
  const strategiesText = text('strategies');
  const stopsText = text('stops');
  const stops = stopsText === 'none' ? [] : stopsText === undefined ? defaultStops() : stopsText.split(';').filter((spec) => spec.trim() !== '');
  // A report always runs on recorded samples: reject a bad rule, or one they cannot serve.
  for (const spec of stops) checkSimulable(parseStopRule(spec));
  return {
    format,
    ns: nText === undefined ? undefined : splitList(nText).map(parseBudget),
    strategies: strategiesText === undefined ? undefined : splitStrategySpecs(strategiesText).map(parseStrategySpec),
    seeds: parseIntegerOption('seeds', text('seeds') ?? '20', 1),
    seed: parseIntegerOption('seed', text('seed') ?? '0', 0),
    stops,
    concurrency: parseIntegerOption('concurrency', text('concurrency') ?? '1', 1),
  };
}

function parseBudget(text: string): SampleBudget {
  return text === 'all' ? 'all' : parseIntegerOption('n', text, 1);
}
