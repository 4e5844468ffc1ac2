/**
 * The self-feedback part of solve()'s options, typed per method, and how a name or spec becomes a
 * verifier and a template set.
 */
import type { Verifier } from './verifier.js';
import { parseVerifierSpec } from './verifiers/registry.js';
import { getTemplateSet } from './templates/registry.js';
import type { TemplateSet } from './templates/template-set.js';
import type { MagicoreOptions } from './loops/magicore.js';
import type { RefineOptions } from './loops/refine.js';
import type { SolveDetectVerifyOptions } from './loops/solve-detect-verify.js';

interface Common {
  /** The verifier, or its spec (`rederive`, `genrm:chains=8`). Default `rederive`. */
  verifier?: Verifier | string;
  /** The prompts: a set, or a registered set's name. Default `natural-language`. */
  templates?: TemplateSet | string;
  /** The first solution is greedy (temperature 0) and the others sampled. Default false. */
  greedyFirst?: boolean;
}

/**
 * - `verify`: every sample is checked, then the strategy decides (verified-vote, majority-of-passed, …);
 * - `refine`: every sample goes through up to `rounds` check-and-revise rounds, then the strategy decides;
 * - `solve-detect-verify`: samples one at a time until one passes its check (budget: maxSamples);
 * - `magicore`: maxSamples samples checked, hard questions reviewed and revised, a reward-weighted vote.
 */
export type FeedbackOptions =
  | (Common & { method: 'verify' })
  | (Common & { method: 'refine' } & RefineOptions)
  | (Common & { method: 'solve-detect-verify' } & SolveDetectVerifyOptions)
  | (Common & { method: 'magicore' } & Omit<MagicoreOptions, 'k'>);

export type FeedbackMethodName = FeedbackOptions['method'];

export const feedbackMethodNames: readonly FeedbackMethodName[] = ['verify', 'refine', 'solve-detect-verify', 'magicore'];

export function resolveVerifier(verifier: Verifier | string | undefined): Verifier {
  return typeof verifier === 'object' ? verifier : parseVerifierSpec(verifier ?? 'rederive');
}

export function resolveTemplates(templates: TemplateSet | string | undefined): TemplateSet {
  return typeof templates === 'object' ? templates : getTemplateSet(templates ?? 'natural-language');
}
