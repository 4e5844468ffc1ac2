/**
 * `quorum export --run <run> --format sft|dpo|kto --labels gold|consistency`: a run's samples as
 * JSONL training data in the formats TRL's trainers read, each line with its provenance. With
 * consistency labels no gold is needed; when the run has gold, the pseudo-labels' precision against
 * it is printed on stderr. See docs/calibration.md.
 */
import { readCalibration, type CalibrationArtifact } from '../../calibration/artifact.js';
import { pseudoLabelPrecision } from '../../calibration/pseudo-labels.js';
import { exportTrainingData } from '../../calibration/training-export.js';
import { trainingFormats, type TrainingFormat } from '../../calibration/training-formats.js';
import { labelSources, type LabelSource } from '../../calibration/training-labels.js';
import { InvalidInputError } from '../../core/errors.js';
import { loadRunOrRecording } from '../../eval/store/run-pool.js';
import { strategyNames } from '../../strategies/registry.js';
import { parseStrategySpec } from '../../strategies/strategy-spec.js';
import type { Strategy } from '../../strategies/strategy.js';
import { parseIntegerOption, stringValue, type OptionTable, type ParsedArgs } from '../args.js';
import { runCommand, type Command, type CommandIo, type Env } from '../command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { writeOutputFile } from '../output-file.js';

const USAGE = '--run <run-folder|samples-file> --format sft|dpo|kto [--labels gold|consistency] [--min-confidence 0.8] [--out data.jsonl]';
const DEFAULT_MIN_CONFIDENCE = 0.8;

const OPTIONS: OptionTable = {
  run: { type: 'string', placeholder: 'run|file', description: 'a run folder or a recorded-samples file with sample texts and prompts' },
  format: { type: 'string', placeholder: trainingFormats.join('|'), description: 'SFT (messages, or prompt/completion for raw prompts), DPO (prompt/chosen/rejected) or KTO (prompt/completion/label)' },
  labels: { type: 'string', placeholder: labelSources.join('|'), defaultText: 'gold', description: 'good samples are those with the gold answer, or with the answer the strategy decided (no gold needed)' },
  'min-confidence': { type: 'string', placeholder: 'c', defaultText: String(DEFAULT_MIN_CONFIDENCE), description: "with --labels consistency: keep only questions decided with at least this confidence" },
  strategy: { type: 'string', placeholder: 'spec', defaultText: 'majority', description: `the strategy that decides each question over all its samples (${strategyNames().join(', ')})` },
  calibration: { type: 'string', placeholder: 'file', description: 'judge --min-confidence on the calibrated confidence of this calibration (and skip questions it declines)' },
  'per-question': { type: 'string', placeholder: 'k', defaultText: '1', description: 'lines per question at most (KTO: of each label)' },
  out: { type: 'string', placeholder: 'file', defaultText: 'stdout', description: 'where to write the JSONL' },
};

interface Settings {
  run: string;
  format: TrainingFormat;
  labels: LabelSource;
  minConfidence: number;
  strategy: Strategy;
  calibration: CalibrationArtifact | undefined;
  perQuestion: number;
  out: string | undefined;
}

function toSettings({ values, positionals }: ParsedArgs): Settings {
  const text = (name: string): string | undefined => stringValue(values, name);
  if (positionals.length > 0) throw new InvalidInputError(`unexpected argument "${positionals[0] ?? ''}"; usage: quorum export ${USAGE}`);
  const target = text('run');
  const format = text('format');
  if (target === undefined || format === undefined) throw new InvalidInputError(`give --run and --format; usage: quorum export ${USAGE}`);
  if (!(trainingFormats as readonly string[]).includes(format)) throw new InvalidInputError(`--format must be one of ${trainingFormats.join(', ')}, got "${format}"`);
  const labels = text('labels') ?? 'gold';
  if (!(labelSources as readonly string[]).includes(labels)) throw new InvalidInputError(`--labels must be one of ${labelSources.join(', ')}, got "${labels}"`);
  const minText = text('min-confidence');
  if (minText !== undefined && labels !== 'consistency') throw new InvalidInputError('--min-confidence applies to --labels consistency');
  const minConfidence = Number(minText ?? DEFAULT_MIN_CONFIDENCE);
  if (!(minConfidence >= 0 && minConfidence <= 1) || minText?.trim() === '') throw new InvalidInputError(`--min-confidence must be a number from 0 to 1, got "${minText ?? ''}"`);
  const strategy = parseStrategySpec(text('strategy') ?? 'majority');
  const calibrationFile = text('calibration');
  return {
    run: target,
    format: format as TrainingFormat,
    labels: labels as LabelSource,
    minConfidence,
    strategy,
    calibration: calibrationFile === undefined ? undefined : readCalibration(calibrationFile),
    perQuestion: parseIntegerOption('per-question', text('per-question') ?? '1', 1),
    out: text('out'),
  };
}

/** 0 written; 1 the run could not be read or gave no line. */
async function execute(settings: Settings, io: CommandIo): Promise<ExitCode> {
  const pool = await loadRunOrRecording(settings.run);
  const decider = { strategy: settings.strategy, ...(settings.calibration !== undefined && { calibration: settings.calibration }) };
  const result = await exportTrainingData(pool.questions, { ...decider, format: settings.format, labels: settings.labels, minConfidence: settings.minConfidence, perQuestion: settings.perQuestion, source: settings.run });
  const skipped = Object.entries(result.skipped).map(([reason, n]) => `${n} ${reason}`).join(', ');
  if (result.lines.length === 0) throw new InvalidInputError(`no training line from ${settings.run}: of ${result.questions} questions, ${skipped}`);
  writeLines(settings.out, result.lines.map((line) => JSON.stringify(line)), io);
  io.stderr.write(`quorum export: ${result.lines.length} ${settings.format} lines from ${result.kept} of ${result.questions} questions${skipped === '' ? '' : ` (skipped: ${skipped})`}${settings.out === undefined ? '' : ` to ${settings.out}`}\n`);
  if (settings.labels === 'consistency' && pool.questions.some((q) => q.gold !== null)) {
    const { rows } = await pseudoLabelPrecision(pool.questions, decider, [settings.minConfidence]);
    const row = rows[0];
    if (row !== undefined && row.kept > 0) io.stderr.write(`quorum export: against the run's gold answers, ${(100 * row.precision).toFixed(1)} % of the kept pseudo-labels are right\n`);
  }
  return EXIT.ok;
}

const exportCommand: Command<Settings> = { name: 'export', usage: USAGE, options: OPTIONS, settings: toSettings, execute };

export const run = (argv: readonly string[], io: CommandIo = process, env: Env = process.env): Promise<ExitCode> => runCommand(exportCommand, argv, io, env);

function writeLines(out: string | undefined, lines: readonly string[], io: CommandIo): void {
  const text = `${lines.join('\n')}\n`;
  if (out === undefined) io.stdout.write(text);
  else writeOutputFile(out, 'the training data', text);
}
