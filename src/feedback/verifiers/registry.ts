/** Verifiers by name, with their typed options, for the CLI, strategies and loops. */
import { InvalidInputError, UnknownNameError } from '../../core/errors.js';
import type { Verifier } from '../verifier.js';
import { backwardVerifier, type BackwardOptions } from './backward.js';
import { genrmVerifier, type GenrmOptions } from './genrm.js';
import { pTrueVerifier, type PTrueVerifierOptions } from './p-true.js';
import { rederiveVerifier } from './rederive.js';
import { scoreVerifier, type ScoreVerifierOptions } from './score.js';

export interface VerifierOptionsByName {
  'p-true': PTrueVerifierOptions;
  genrm: GenrmOptions;
  rederive: Record<string, never>;
  backward: BackwardOptions;
  score: ScoreVerifierOptions;
}

export type VerifierName = keyof VerifierOptionsByName;

const factories: { [K in VerifierName]: (options?: VerifierOptionsByName[K]) => Verifier } = {
  'p-true': pTrueVerifier,
  genrm: genrmVerifier,
  rederive: rederiveVerifier,
  backward: backwardVerifier,
  score: scoreVerifier,
};

/** Option names per verifier, so `genrm:chain=4` is rejected rather than ignored. */
export const verifierOptionKeys = {
  'p-true': ['topLogprobs', 'passAt'],
  genrm: ['chains', 'topLogprobs', 'passAt'],
  rederive: [],
  backward: ['masks', 'chains', 'passAt'],
  score: ['passAt'],
} satisfies { [K in VerifierName]: readonly (keyof VerifierOptionsByName[K])[] };

export const verifierNames = (): VerifierName[] => Object.keys(factories) as VerifierName[];

export const isVerifierName = (name: string): name is VerifierName => Object.hasOwn(factories, name);

export function getVerifier<K extends VerifierName>(name: K, options?: VerifierOptionsByName[K]): Verifier;
export function getVerifier(name: string, options?: Record<string, unknown>): Verifier;
export function getVerifier(name: string, options?: Record<string, unknown>): Verifier {
  if (!isVerifierName(name)) throw new UnknownNameError('verifier', name, verifierNames());
  return (factories[name] as (o?: Record<string, unknown>) => Verifier)(options);
}

/** `genrm` or `genrm:chains=8,passAt=0.6` → the verifier; numbers are converted. */
export function parseVerifierSpec(spec: string): Verifier {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  if (!isVerifierName(name)) throw new UnknownNameError('verifier', name, verifierNames());
  if (colon < 0) return getVerifier(name);
  const allowed: readonly string[] = verifierOptionKeys[name];
  const options: Record<string, unknown> = {};
  for (const pair of spec.slice(colon + 1).split(',')) {
    const [key = '', value = ''] = pair.split('=', 2).map((p) => p.trim());
    if (!allowed.includes(key)) {
      throw new InvalidInputError(`verifier "${spec}": ${name} has ${allowed.length === 0 ? 'no options' : `options ${allowed.join(', ')}`}, not "${key}"`);
    }
    const number = Number(value);
    if (value === '' || !Number.isFinite(number)) throw new InvalidInputError(`verifier "${spec}": ${key} must be a number, got "${value}"`);
    options[key] = number;
  }
  return getVerifier(name, options);
}
