/**
 * The options `quorum calibrate` and `quorum eval --calibrate cv` share: which decisions a calibrator
 * learns from, how, and what error rate to certify. Checked before any file is read.
 */
import { calibrationMethods, type CalibrationMethod } from '../../calibration/calibrator.js';
import { featureNames, type FeatureName } from '../../calibration/features.js';
import { DEFAULT_CERTIFY_SHARE } from '../../calibration/fit-calibration.js';
import { InvalidInputError } from '../../core/errors.js';
import type { EvalQuestion, SampleBudget } from '../../eval/eval-question.js';
import { logGrid } from '../../eval/metrics/pass-at-k.js';
import { parseStrategySpec } from '../../strategies/strategy-spec.js';
import type { Strategy } from '../../strategies/strategy.js';
import { parseBudgetOption, parseFractionOption, parseIntegerOption, splitList, type OptionTable } from '../args.js';

export const DEFAULT_DRAWS = 10;
export const DEFAULT_DELTA = 0.1;

export const CALIBRATION_OPTIONS: OptionTable = {
  method: { type: 'string', placeholder: calibrationMethods.join('|'), defaultText: 'platt', description: 'calibrator: logistic on the features (platt), platt then isotonic, or isotonic / histogram binning of the confidence alone' },
  features: { type: 'string', placeholder: 'list', defaultText: 'every one the decisions have', description: `platt features, comma-separated (${featureNames.join(', ')})` },
  'calibration-n': { type: 'string', placeholder: 'list', defaultText: '1,2,4,… up to the smallest pool', description: 'sample budgets of the decisions learnt from' },
  draws: { type: 'string', placeholder: 'k', defaultText: String(DEFAULT_DRAWS), description: 'seeded draws per budget' },
  'target-risk': { type: 'string', placeholder: 'α', description: 'certify a threshold so that the error rate among answered questions is at most α (e.g. 0.05)' },
  delta: { type: 'string', placeholder: 'δ', defaultText: String(DEFAULT_DELTA), description: 'with --target-risk: the chance the guarantee may fail' },
  'risk-n': { type: 'string', placeholder: 'N|all', defaultText: 'the largest budget', description: 'with --target-risk: the sample budget the guarantee is for' },
  'certify-share': { type: 'string', placeholder: 'share', defaultText: String(DEFAULT_CERTIFY_SHARE), description: 'with --target-risk: share of the questions kept apart to certify the threshold' },
};

export interface CalibrationSettings {
  strategy: Strategy;
  method: CalibrationMethod;
  features: FeatureName[] | undefined;
  /** Undefined: the default grid, which depends on the pool. */
  budgets: SampleBudget[] | undefined;
  draws: number;
  risk: { risk: number; delta: number; budget: SampleBudget | undefined; share: number } | undefined;
}

type Values = Record<string, string | boolean | undefined>;

export function parseCalibrationSettings(values: Values, strategySpec: string): CalibrationSettings {
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const method = text('method') ?? 'platt';
  if (!(calibrationMethods as readonly string[]).includes(method)) throw new InvalidInputError(`--method must be one of ${calibrationMethods.join(', ')}, got "${method}"`);
  const features = text('features') === undefined ? undefined : splitList(text('features') as string);
  for (const f of features ?? []) if (!(featureNames as readonly string[]).includes(f)) throw new InvalidInputError(`--features: unknown feature "${f}"; choose from ${featureNames.join(', ')}`);
  if (features !== undefined && !method.startsWith('platt')) throw new InvalidInputError(`--features applies to platt and platt-isotonic; ${method} maps the strategy's confidence alone`);
  const target = text('target-risk');
  if (target === undefined) {
    const orphan = ['delta', 'risk-n', 'certify-share'].find((name) => values[name] !== undefined);
    if (orphan !== undefined) throw new InvalidInputError(`--${orphan} needs --target-risk`);
  }
  const riskN = text('risk-n');
  return {
    strategy: parseStrategySpec(strategySpec),
    method: method as CalibrationMethod,
    features: features as FeatureName[] | undefined,
    budgets: text('calibration-n') === undefined ? undefined : splitList(text('calibration-n') as string).map((b) => parseBudgetOption('calibration-n', b)),
    draws: parseIntegerOption('draws', text('draws') ?? String(DEFAULT_DRAWS), 1),
    risk:
      target === undefined
        ? undefined
        : {
            risk: parseFractionOption('target-risk', target),
            delta: parseFractionOption('delta', text('delta') ?? String(DEFAULT_DELTA)),
            budget: riskN === undefined ? undefined : parseBudgetOption('risk-n', riskN),
            share: parseFractionOption('certify-share', text('certify-share') ?? String(DEFAULT_CERTIFY_SHARE)),
          },
  };
}

/** The budgets and the certified budget once the pool is known. */
export function resolveBudgets(settings: CalibrationSettings, questions: readonly EvalQuestion[]): { budgets: SampleBudget[]; riskBudget: SampleBudget } {
  const sizes = questions.filter((q) => q.gold !== null && q.samples.length > 0).map((q) => q.samples.length);
  if (sizes.length === 0) throw new InvalidInputError('no graded question with samples; calibration needs gold answers');
  const budgets = settings.budgets ?? logGrid(Math.min(...sizes));
  const riskBudget = settings.risk?.budget ?? (budgets.at(-1) as SampleBudget);
  if (!budgets.includes(riskBudget)) throw new InvalidInputError(`--risk-n ${String(riskBudget)} must be one of the budgets learnt from (${budgets.join(', ')})`);
  return { budgets, riskBudget };
}
