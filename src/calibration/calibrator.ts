/**
 * The calibrators behind one pair of functions: fit one on labelled decisions, predict the
 * probability that a decision is right. Histogram binning and isotonic regression map the strategy's
 * confidence alone; Platt reads every feature the decisions supply; platt-isotonic passes Platt's
 * probability through an isotonic map fitted on the same decisions, which straightens what a logistic
 * curve cannot bend (it keeps Platt's ranking, up to ties).
 */
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { featureNames, type FeatureName, type FeatureValues } from './features.js';
import { DEFAULT_HISTOGRAM_BINS, fitHistogram, histogramModelSchema, predictHistogram } from './histogram.js';
import { fitIsotonic, isotonicModelSchema, predictIsotonic } from './isotonic.js';
import { fitPlatt, plattModelSchema, predictPlatt } from './platt.js';

export const calibrationMethods = ['platt', 'platt-isotonic', 'isotonic', 'histogram'] as const;
export type CalibrationMethod = (typeof calibrationMethods)[number];

const plattIsotonicModelSchema = z.strictObject({
  method: z.literal('platt-isotonic'),
  platt: plattModelSchema,
  /** Maps Platt's probability (not the strategy's confidence). */
  isotonic: isotonicModelSchema,
});

export const calibratorModelSchema = z.discriminatedUnion('method', [plattModelSchema, plattIsotonicModelSchema, isotonicModelSchema, histogramModelSchema]);
export type CalibratorModel = z.infer<typeof calibratorModelSchema>;

/** What a calibrator sees of one decision that has an answer. */
export interface CalibrationInput {
  /** The strategy's own confidence. */
  confidence: number;
  features: FeatureValues;
}

export interface FeatureChoice {
  features: FeatureName[];
  /** Features left out, and why (missing on some decisions, or the same on all). */
  dropped: { feature: FeatureName; reason: string }[];
}

/**
 * The features Platt uses: those every decision has and that vary. Asked-for features must qualify;
 * without a request every qualifying feature is used.
 */
export function selectFeatures(rows: readonly CalibrationInput[], requested?: readonly FeatureName[]): FeatureChoice {
  const chosen: FeatureName[] = [];
  const dropped: FeatureChoice['dropped'] = [];
  for (const name of requested ?? featureNames) {
    const values = rows.map((r) => r.features[name]);
    const missing = values.filter((v) => v === undefined).length;
    const reason =
      missing > 0
        ? `missing on ${missing} of ${rows.length} decisions`
        : values.every((v) => v === values[0])
          ? `the same (${String(values[0])}) on every decision`
          : undefined;
    if (reason === undefined) chosen.push(name);
    else if (requested !== undefined) throw new InvalidInputError(`feature ${name} cannot be used: ${reason}`);
    else dropped.push({ feature: name, reason });
  }
  return { features: chosen, dropped };
}

export interface FitCalibratorOptions {
  method: CalibrationMethod;
  /** Platt only: features to use (default: every one the decisions supply). */
  features?: readonly FeatureName[];
  /** Histogram only. */
  bins?: number;
}

export function fitCalibrator(rows: readonly (CalibrationInput & { correct: boolean })[], options: FitCalibratorOptions): { model: CalibratorModel; dropped: FeatureChoice['dropped'] } {
  if (rows.length === 0) throw new InvalidInputError('no answered decision to calibrate on');
  if (options.method === 'isotonic' || options.method === 'histogram') {
    if (options.features !== undefined) throw new InvalidInputError(`features apply to platt and platt-isotonic only; ${options.method} maps the strategy's confidence alone`);
    const points = rows.map((r) => ({ x: r.confidence, correct: r.correct }));
    const model = options.method === 'isotonic' ? fitIsotonic(points) : fitHistogram(points, options.bins ?? DEFAULT_HISTOGRAM_BINS);
    return { model, dropped: [] };
  }
  const choice = selectFeatures(rows, options.features);
  const platt = fitPlatt(rows, choice.features);
  if (options.method === 'platt') return { model: platt, dropped: choice.dropped };
  const isotonic = fitIsotonic(rows.map((r) => ({ x: predictPlatt(platt, r.features), correct: r.correct })));
  return { model: { method: 'platt-isotonic', platt, isotonic }, dropped: choice.dropped };
}

export function predictCalibrated(model: CalibratorModel, input: CalibrationInput): number {
  switch (model.method) {
    case 'platt':
      return predictPlatt(model, input.features);
    case 'platt-isotonic':
      return predictIsotonic(model.isotonic, predictPlatt(model.platt, input.features));
    case 'isotonic':
      return predictIsotonic(model, input.confidence);
    case 'histogram':
      return predictHistogram(model, input.confidence);
  }
}

/** Features the model reads, so a caller can check that a decision will have them. */
export function modelFeatures(model: CalibratorModel): FeatureName[] {
  const platt = model.method === 'platt' ? model : model.method === 'platt-isotonic' ? model.platt : undefined;
  return [...new Set(platt?.terms.flatMap((t) => (t.times === undefined ? [t.name] : [t.name, t.times])) ?? [])];
}
