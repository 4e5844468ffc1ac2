/**
 * The self-feedback flags `quorum ask` and `quorum eval --dataset` share: `--verify`, `--refine`,
 * `--templates`, `--greedy-first`, and the loop names `--strategy` accepts (solve-detect-verify,
 * magicore). They become solve()'s typed `feedback` option.
 */
import path from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import type { FeedbackOptions } from '../feedback/feedback-options.js';
import { loadTemplateSet } from '../feedback/templates/load-template-set.js';
import { getTemplateSet, templateSetNames } from '../feedback/templates/registry.js';
import type { TemplateSet } from '../feedback/templates/template-set.js';
import { parseVerifierSpec, verifierNames } from '../feedback/verifiers/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import { parseIntegerOption, type OptionTable } from './args.js';

export const LOOP_STRATEGIES = ['solve-detect-verify', 'magicore'] as const;

export const FEEDBACK_FLAGS: OptionTable = {
  verify: { type: 'string', placeholder: 'verifier', description: `let the model check each sample (${verifierNames().join(', ')}; options as name:key=value, e.g. genrm:chains=8)`, defaultText: 'none; rederive when the strategy or loop needs checks' },
  refine: { type: 'string', placeholder: 'rounds', description: 'check and revise each sample up to this many rounds before the strategy decides' },
  templates: { type: 'string', placeholder: 'name|file', description: `feedback prompts: ${templateSetNames().join(', ')}, or a JSON file overriding one (docs/feedback.md)`, defaultText: 'toy-arith-sf for a toy-arith-sf*.gguf model, else natural-language' },
  'greedy-first': { type: 'boolean', description: 'with --refine or a loop: the first sample is greedy (temperature 0)' },
};

type Values = Record<string, string | boolean | undefined>;

/** A feedback option before its templates are resolved. */
export type FlagFeedback = FeedbackOptions extends infer T ? (T extends unknown ? Omit<T, 'templates'> : never) : never;

/** Whether a strategy reads verifier checks (its sample need is met by a check and only by one). */
export function readsChecks(strategy: Strategy): boolean {
  const bare = { index: 0, text: '', answer: 'a', tokens: 0, finishReason: 'stop' as const, status: 'ok' as const, usage: { promptTokens: 0, completionTokens: 0, calls: 0 } };
  const check = { verifier: 'any', sample: 0, status: 'judged' as const, score: 1, passed: true, usage: bare.usage };
  const need = strategy.needs;
  return need !== undefined && !need.has(bare) && need.has({ ...bare, checks: [check] });
}

export const isLoopStrategy = (spec: string): spec is (typeof LOOP_STRATEGIES)[number] => (LOOP_STRATEGIES as readonly string[]).includes(spec);

/**
 * The feedback option the flags ask for, or undefined for plain sampling. `loop` is a loop named by
 * --strategy; `strategy` the parsed strategy otherwise. Checks the verifier spec and the round count now,
 * so a typo fails before any model loads; the templates are resolved later (`resolveFlagTemplates`).
 */
export function feedbackFromFlags(values: Values, loop: string | undefined, strategy: Strategy | undefined): FlagFeedback | undefined {
  const verify = values['verify'] as string | undefined;
  const refine = values['refine'] as string | undefined;
  const greedyFirst = values['greedy-first'] === true;
  if (verify !== undefined) parseVerifierSpec(verify);
  const common = { verifier: verify ?? 'rederive', ...(greedyFirst && { greedyFirst }) };
  if (loop !== undefined) {
    if (refine !== undefined) throw new InvalidInputError(`--refine and --strategy ${loop} are two loops; choose one`);
    return { ...common, method: loop as 'solve-detect-verify' | 'magicore' };
  }
  if (refine !== undefined) {
    const checkLast = strategy !== undefined && readsChecks(strategy);
    return { ...common, method: 'refine', rounds: parseIntegerOption('refine', refine, 1), checkLast };
  }
  if (greedyFirst) throw new InvalidInputError('--greedy-first applies to --refine and to the loops (--strategy solve-detect-verify, magicore)');
  if (verify !== undefined || (strategy !== undefined && readsChecks(strategy))) return { ...common, method: 'verify' };
  return undefined;
}

/** `--templates` as a set: a registered name, a JSON file, or by default the preset the model file is named after. */
export async function resolveFlagTemplates(values: Values, model: string | undefined): Promise<TemplateSet> {
  const given = values['templates'] as string | undefined;
  if (given !== undefined) return given.endsWith('.json') ? loadTemplateSet(given) : getTemplateSet(given);
  return getTemplateSet(model !== undefined && path.basename(model).startsWith('toy-arith-sf') ? 'toy-arith-sf' : 'natural-language');
}
