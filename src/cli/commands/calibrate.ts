/**
 * `quorum calibrate --run <run|recording> --out calibration.json`: fit a calibration on a labelled run
 * and, with --target-risk, certify the abstention threshold; apply it with `quorum ask --calibration`
 * or `solve({ calibration })`. See docs/calibration.md.
 */
import { writeCalibration, type CalibrationArtifact } from '../../calibration/artifact.js';
import { featureNames } from '../../calibration/features.js';
import { calibrationArtifact, fitCalibration } from '../../calibration/fit-calibration.js';
import { labelledDecisions } from '../../calibration/labelled-decisions.js';
import { InvalidInputError } from '../../core/errors.js';
import { loadRunOrRecording } from '../../eval/store/run-pool.js';
import { strategyNames } from '../../strategies/registry.js';
import { stringValue, type OptionTable, type ParsedArgs } from '../args.js';
import { runCommand, type Command, type CommandIo, type Env } from '../command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readNumber } from '../number-options.js';
import { writeOutput } from '../output-file.js';
import { CALIBRATION_OPTIONS, parseCalibrationSettings, resolveBudgets, type CalibrationSettings } from './calibration-options.js';

const USAGE = '--run <run-folder|samples-file> --out calibration.json [--strategy majority] [--method platt] [--target-risk 0.05 --delta 0.1]';

const OPTIONS: OptionTable = {
  run: { type: 'string', placeholder: 'run|file', description: 'a run folder (quorum eval --dataset … --out) or a recorded-samples file, with gold answers' },
  out: { type: 'string', placeholder: 'file', description: 'where to write the calibration (JSON)' },
  strategy: { type: 'string', placeholder: 'spec', defaultText: 'majority', description: `the strategy whose decisions to calibrate (${strategyNames().join(', ')}); apply it with the same one` },
  ...CALIBRATION_OPTIONS,
  seed: { type: 'string', placeholder: 's', defaultText: '0', description: 'seed of the draws and of the fit/certify split' },
};

interface Settings extends CalibrationSettings {
  run: string;
  out: string;
  seed: number;
}

function toSettings({ values, positionals }: ParsedArgs): Settings {
  if (positionals.length > 0) throw new InvalidInputError(`unexpected argument "${positionals[0] ?? ''}"; usage: quorum calibrate ${USAGE}`);
  const target = stringValue(values, 'run');
  const out = stringValue(values, 'out');
  if (target === undefined || out === undefined) throw new InvalidInputError(`give --run and --out; usage: quorum calibrate ${USAGE}`);
  return {
    ...parseCalibrationSettings(values, stringValue(values, 'strategy') ?? 'majority'),
    run: target,
    out,
    seed: readNumber('seed', stringValue(values, 'seed') ?? '0'),
  };
}

/** 0 written; 1 the run could not be read or fitted. */
async function execute(settings: Settings, io: CommandIo): Promise<ExitCode> {
  const pool = await loadRunOrRecording(settings.run);
  const { budgets, riskBudget } = resolveBudgets(settings, pool.questions);
  const decisions = await labelledDecisions(pool.questions, { strategy: settings.strategy, budgets, draws: settings.draws, seed: settings.seed });
  const fit = fitCalibration(decisions, {
    method: settings.method,
    ...(settings.features !== undefined && { features: settings.features }),
    ...(settings.risk !== undefined && { risk: { ...settings.risk, budget: riskBudget } }),
    seed: settings.seed,
  });
  const artifact = calibrationArtifact(settings.strategy.name, { name: pool.name, format: pool.format, budgets, draws: settings.draws, seed: settings.seed }, fit);
  writeOutput(settings.out, 'the calibration', (file) => writeCalibration(file, artifact));
  io.stdout.write(summary(artifact, settings.out));
  if (artifact.risk?.threshold === null) io.stderr.write(`quorum calibrate: warning: ${noThreshold(artifact.risk)}\n`);
  return EXIT.ok;
}

const calibrate: Command<Settings> = { name: 'calibrate', usage: USAGE, options: OPTIONS, settings: toSettings, execute };

export const run = (argv: readonly string[], io: CommandIo = process, env: Env = process.env): Promise<ExitCode> => runCommand(calibrate, argv, io, env);

const percent = (x: number): string => `${(100 * x).toFixed(1)} %`;

function noThreshold(risk: NonNullable<CalibrationArtifact['risk']>): string {
  return (
    `no threshold could be certified for risk ≤ ${percent(risk.target)} at δ = ${risk.delta} on ${risk.questions} certification questions ` +
    `(at the first threshold tested: ${risk.errors} errors in ${risk.answered} answered, p = ${risk.pValue.toFixed(3)}; even with no error at least ${risk.minimumAnswered} answered are needed), ` +
    'so this calibration declines every question; record more questions or loosen --target-risk'
  );
}

function summary(artifact: CalibrationArtifact, out: string): string {
  const { source, calibrator, risk } = artifact;
  const used = featureNames.filter((name) => !artifact.dropped.some((d) => d.feature === name));
  const lines = [
    `wrote ${out}`,
    `  ${calibrator.method} for ${artifact.strategy}, fitted on ${source.decisions} decisions of ${source.questions} questions of ${source.name} (budgets ${source.budgets.join(', ')}, ${source.draws} draws each)`,
    ...(calibrator.method.startsWith('platt') ? [`  features: ${used.join(', ')}`, ...artifact.dropped.map((d) => `  left out ${d.feature}: ${d.reason}`)] : []),
  ];
  if (risk !== undefined) {
    lines.push(
      risk.threshold === null
        ? `  no certified threshold: every question is declined (see the warning)`
        : `  answer when calibrated confidence ≥ ${risk.threshold.toFixed(4)}: error rate among answered ≤ ${percent(risk.target)} with probability ≥ ${percent(1 - risk.delta)} at N = ${String(risk.budget)}; ` +
            `on ${risk.questions} certification questions it answered ${percent(risk.coverage)} with ${risk.errors} errors in ${risk.answered} (p = ${risk.pValue.toFixed(3)})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
