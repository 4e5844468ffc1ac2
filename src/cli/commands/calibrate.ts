/**
 * `quorum calibrate --run <run|recording> --out calibration.json`: fit a calibration on a labelled run
 * and, with --target-risk, certify the abstention threshold; apply it with `quorum ask --calibration`
 * or `solve({ calibration })`. See docs/calibration.md.
 */
import { writeCalibration, type CalibrationArtifact } from '../../calibration/artifact.js';
import { featureNames } from '../../calibration/features.js';
import { calibrationArtifact, fitCalibration } from '../../calibration/fit-calibration.js';
import { labelledDecisions } from '../../calibration/labelled-decisions.js';
import { InvalidInputError, QuorumError } from '../../core/errors.js';
import { loadRunOrRecording } from '../../eval/store/run-pool.js';
import { strategyNames } from '../../strategies/registry.js';
import { formatHelp, parseCommandArgs, parseIntegerOption, type OptionTable } from '../args.js';
import { CALIBRATION_OPTIONS, parseCalibrationSettings, resolveBudgets, type CalibrationSettings } from './calibration-options.js';

const USAGE = '--run <run-folder|samples-file> --out calibration.json [--strategy majority] [--method platt] [--target-risk 0.05 --delta 0.1]';

const OPTIONS: OptionTable = {
  run: { type: 'string', placeholder: 'run|file', description: 'a run folder (quorum eval --dataset … --out) or a recorded-samples file, with gold answers' },
  out: { type: 'string', placeholder: 'file', description: 'where to write the calibration (JSON)' },
  strategy: { type: 'string', placeholder: 'spec', defaultText: 'majority', description: `the strategy whose decisions to calibrate (${strategyNames().join(', ')}); apply it with the same one` },
  ...CALIBRATION_OPTIONS,
  seed: { type: 'string', placeholder: 's', defaultText: '0', description: 'seed of the draws and of the fit/certify split' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

export interface CalibrateIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

interface Settings extends CalibrationSettings {
  run: string;
  out: string;
  seed: number;
}

/** Exit codes: 0 written, 1 the run could not be read or fitted, 2 bad options. */
export async function run(argv: string[], io: CalibrateIo = process): Promise<number> {
  let settings: Settings;
  try {
    const { values, positionals } = parseCommandArgs('calibrate', argv, OPTIONS);
    if (values['help'] === true) {
      io.stdout.write(formatHelp('calibrate', USAGE, OPTIONS));
      return 0;
    }
    if (positionals.length > 0) throw new InvalidInputError(`unexpected argument "${positionals[0] ?? ''}"; usage: quorum calibrate ${USAGE}`);
    const target = values['run'];
    const out = values['out'];
    if (typeof target !== 'string' || typeof out !== 'string') throw new InvalidInputError(`give --run and --out; usage: quorum calibrate ${USAGE}`);
    settings = {
      ...parseCalibrationSettings(values, (values['strategy'] as string | undefined) ?? 'majority'),
      run: target,
      out,
      seed: parseIntegerOption('seed', (values['seed'] as string | undefined) ?? '0', 0),
    };
  } catch (error) {
    if (!(error instanceof QuorumError)) throw error;
    io.stderr.write(`quorum calibrate: ${error.message}\n`);
    return 2;
  }
  try {
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
    writeCalibration(settings.out, artifact);
    io.stdout.write(summary(artifact, settings.out));
    if (artifact.risk?.threshold === null) io.stderr.write(`quorum calibrate: warning: ${noThreshold(artifact.risk)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof QuorumError)) throw error;
    io.stderr.write(`quorum calibrate: ${error.message}\n`);
    return 1;
  }
}

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
