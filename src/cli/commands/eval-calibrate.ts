/**
 * `quorum eval --calibrate cv`: for each pool and strategy, cross-fitted calibration figures before
 * and after (ECE, Brier, AUROC), and with --target-risk the guarantee checked over random splits:
 * how often the bound was broken and what coverage it leaves. See docs/calibration.md.
 */
import { evaluateCalibration, type CalibrationEvaluation } from '../../calibration/evaluate-calibration.js';
import { DEFAULT_FOLDS } from '../../calibration/cross-fit.js';
import { DEFAULT_SPLITS } from '../../calibration/risk-splits.js';
import { InvalidInputError } from '../../core/errors.js';
import type { LoadedPool } from '../../eval/pool-source.js';
import { parseIntegerOption, type OptionTable } from '../args.js';
import { CALIBRATION_OPTIONS, parseCalibrationSettings, resolveBudgets, type CalibrationSettings } from './calibration-options.js';

export const CALIBRATE_OPTIONS: OptionTable = {
  calibrate: { type: 'string', placeholder: 'cv', description: 'evaluate calibration instead of accuracy: cross-fitted ECE, Brier and AUROC before and after, and the --target-risk guarantee over random splits (see docs/calibration.md)' },
  folds: { type: 'string', placeholder: 'k', defaultText: String(DEFAULT_FOLDS), description: 'with --calibrate: cross-fitting folds (by question)' },
  splits: { type: 'string', placeholder: 'k', defaultText: String(DEFAULT_SPLITS), description: 'with --calibrate and --target-risk: random calibration/test splits' },
  ...CALIBRATION_OPTIONS,
};

type Values = Record<string, string | boolean | undefined>;

export interface CalibrateMode {
  /** One set of settings per strategy listed. */
  settings: CalibrationSettings[];
  folds: number;
  splits: number;
}

/** Undefined without --calibrate; throws InvalidInputError on options that do not go with it. */
export function calibrateMode(values: Values, strategySpecs: readonly string[]): CalibrateMode | undefined {
  const own = ['folds', 'splits', ...Object.keys(CALIBRATION_OPTIONS)];
  if (values['calibrate'] === undefined) {
    const orphan = own.find((name) => values[name] !== undefined);
    if (orphan !== undefined) throw new InvalidInputError(`--${orphan} applies only with --calibrate cv`);
    return undefined;
  }
  if (values['calibrate'] !== 'cv') throw new InvalidInputError(`--calibrate takes "cv" (cross-fitting), got "${String(values['calibrate'])}"`);
  const accuracyOnly = ['n', 'stop', 'concurrency', 'seeds'].find((name) => values[name] !== undefined);
  if (accuracyOnly !== undefined) throw new InvalidInputError(`--${accuracyOnly} does not apply with --calibrate; budgets are --calibration-n, draws --draws`);
  return {
    settings: strategySpecs.map((spec) => parseCalibrationSettings(values, spec)),
    folds: parseIntegerOption('folds', (values['folds'] as string | undefined) ?? String(DEFAULT_FOLDS), 2),
    splits: parseIntegerOption('splits', (values['splits'] as string | undefined) ?? String(DEFAULT_SPLITS), 1),
  };
}

export async function evaluateCalibrationPool(pool: LoadedPool, mode: CalibrateMode, seed: number, json: boolean, write: (text: string) => unknown): Promise<void> {
  for (const settings of mode.settings) {
    const { budgets, riskBudget } = resolveBudgets(settings, pool.questions);
    const evaluation = await evaluateCalibration(pool.questions, {
      strategy: settings.strategy,
      method: settings.method,
      ...(settings.features !== undefined && { features: settings.features }),
      budgets,
      draws: settings.draws,
      seed,
      folds: mode.folds,
      ...(settings.risk !== undefined && { risk: { ...settings.risk, budget: riskBudget, splits: mode.splits } }),
    });
    write(json ? `${calibrationJson({ file: pool.name, format: pool.format, ...calibrationRow(evaluation) })}\n` : calibrationText(pool, evaluation));
  }
}

/** The JSON line's fields: everything but the curves and diagrams, which the report draws. */
export function calibrationRow(evaluation: CalibrationEvaluation): Record<string, unknown> {
  const { reliability: _drawnByTheReport, ...crossFit } = evaluation.crossFit;
  return { strategy: evaluation.strategy, method: evaluation.method, budgets: evaluation.budgets, draws: evaluation.draws, ...crossFit, ...(evaluation.risk !== undefined && { risk: evaluation.risk }) };
}

/** One line of JSON with numbers to 4 decimals (NaN, e.g. an AUROC with no wrong decision, as null). */
export const calibrationJson = (value: Record<string, unknown>): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null) : v));

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–');

function calibrationText(pool: LoadedPool, e: CalibrationEvaluation): string {
  const c = e.crossFit;
  const lines = [
    pool.name,
    `  ${e.strategy}, ${e.method}: ${c.questions} questions, ${c.decisions} answered decisions (budgets ${e.budgets.join(', ')}; ${e.draws} draws each), ${c.folds}-fold cross-fitting × ${c.repeats}`,
    `             ECE     Brier   AUROC`,
    `  raw        ${f3(c.raw.ece)}   ${f3(c.raw.brier)}   ${f3(c.raw.auroc)}`,
    `  calibrated ${f3(c.calibrated.ece)}   ${f3(c.calibrated.brier)}   ${f3(c.calibrated.auroc)}   (a perfectly calibrated confidence would show ECE ${f3(c.eceFloor.independent)}–${f3(c.eceFloor.perQuestion)} here)`,
    `  ECE by N:  ${c.byBudget.map((b) => `${String(b.budget)}: ${f3(b.raw.ece)} → ${f3(b.calibrated.ece)}`).join('   ')}`,
  ];
  const r = e.risk;
  if (r !== undefined) {
    lines.push(
      `  risk ≤ ${pct(r.target)} with δ = ${r.delta} at N = ${String(r.budget)} over ${r.splits} splits (${r.calibrationQuestions} calibration questions, ${r.certifyQuestions} of them certifying; ${r.testQuestions} test):`,
      `    held in ${r.held} (${pct(r.heldShare)}; ${pct(r.heldAllDrawsShare)} measured over every draw of the test questions); nothing certified in ${r.noThreshold}; coverage mean ${pct(r.coverage.mean)}, median ${pct(r.coverage.median)} [p10 ${pct(r.coverage.p10)}, p90 ${pct(r.coverage.p90)}]; test risk mean ${pct(r.risk.mean)}, p90 ${pct(r.risk.p90)}, max ${pct(r.risk.max)}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}
