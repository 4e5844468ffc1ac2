/**
 * A fitted calibration as a small JSON file: which strategy it is for, what it was fitted on, the
 * calibrator, and the certified abstention threshold. One zod schema is both the TypeScript type and
 * the check a file passes when it is read; `version` changes whenever an older reader would misread it.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { FileFormatError, InvalidInputError } from '../core/errors.js';
import { calibratorModelSchema } from './calibrator.js';
import { featureNames } from './features.js';

export const CALIBRATION_FORMAT = 'quorum-calibration';
export const CALIBRATION_VERSION = 1;

const budgetSchema = z.union([z.number().int().positive(), z.literal('all')]);
const probability = z.number().min(0).max(1);
const count = z.number().int().min(0);

export const riskCertificateSchema = z.strictObject({
  procedure: z.literal('learn-then-test: fixed-sequence binomial tests'),
  /** α: at most this error rate among answered questions… */
  target: z.number().gt(0).lt(1),
  /** …with probability at least 1 − δ over the certification questions. */
  delta: z.number().gt(0).lt(1),
  /** The sample budget of the certified decisions: the guarantee is about decisions made like them. */
  budget: budgetSchema,
  /** Answer when the calibrated confidence is ≥ this; null: nothing could be certified, so every question is declined. */
  threshold: probability.nullable(),
  /** The certification split (questions fitting did not see), one decision each. */
  questions: count,
  answered: count,
  errors: count,
  coverage: probability,
  pValue: probability,
  minimumAnswered: count,
});

export const calibrationArtifactSchema = z.strictObject({
  format: z.literal(CALIBRATION_FORMAT),
  version: z.literal(CALIBRATION_VERSION),
  createdAt: z.string(),
  /** The strategy whose decisions this calibrates, as it names itself (`majority`, `weighted:weight=…`). */
  strategy: z.string().min(1),
  source: z.strictObject({
    /** The run folder or recording fitted on. */
    name: z.string(),
    format: z.string(),
    /** Questions whose decisions the calibrator was fitted on, and those decisions (answered ones). */
    questions: count,
    decisions: count,
    budgets: z.array(budgetSchema).min(1),
    draws: z.number().int().positive(),
    seed: count,
  }),
  calibrator: calibratorModelSchema,
  /** Features Platt left out, and why. */
  dropped: z.array(z.strictObject({ feature: z.enum(featureNames), reason: z.string() })),
  risk: riskCertificateSchema.optional(),
});

export type CalibrationArtifact = z.infer<typeof calibrationArtifactSchema>;
export type RiskCertificate = z.infer<typeof riskCertificateSchema>;

/** Checks a parsed value; the message names the first wrong field. */
export function parseCalibration(value: unknown, where: string): CalibrationArtifact {
  if (typeof value === 'object' && value !== null) {
    const { format, version } = value as { format?: unknown; version?: unknown };
    if (format !== CALIBRATION_FORMAT) throw new FileFormatError(where, undefined, `not a quorum calibration (format is ${JSON.stringify(format)}); make one with "quorum calibrate"`);
    if (version !== CALIBRATION_VERSION) {
      throw new FileFormatError(where, undefined, `calibration version ${JSON.stringify(version)} is not supported (this quorum reads version ${CALIBRATION_VERSION}); refit it with "quorum calibrate"`);
    }
  }
  const parsed = calibrationArtifactSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw new FileFormatError(where, undefined, `invalid calibration${at}: ${issue?.message ?? 'unknown problem'}`);
  }
  return parsed.data;
}

export function readCalibration(file: string): CalibrationArtifact {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InvalidInputError(`cannot read calibration ${file}: ${(cause as Error).message}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new FileFormatError(file, undefined, 'not valid JSON', { cause });
  }
  return parseCalibration(value, file);
}

/** Written whole or not at all (temporary file, then rename). */
export function writeCalibration(file: string, artifact: CalibrationArtifact): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(calibrationArtifactSchema.parse(artifact), null, 2)}\n`);
  renameSync(temporary, file);
}

/** The file format as JSON Schema, for other tools that read calibrations. */
export const calibrationJsonSchema = (): Record<string, unknown> => z.toJSONSchema(calibrationArtifactSchema, { io: 'input' }) as Record<string, unknown>;
