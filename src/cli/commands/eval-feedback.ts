/**
 * `quorum eval` for self-feedback on recordings: loops (`--strategy solve-detect-verify,magicore`,
 * `--refine 1,2`) replayed from recorded calls on the virtual driver, and the solve/verify allocation
 * (`--allocation`) on recordings whose solutions carry several verifications. See docs/feedback.md.
 */
import { writeFile } from 'node:fs/promises';
import { InvalidInputError } from '../../core/errors.js';
import { evaluateAllocation } from '../../eval/allocation.js';
import type { SampleBudget } from '../../eval/eval-question.js';
import { evaluateFeedback, type FeedbackEvalRow, type FeedbackMethod } from '../../eval/evaluate-feedback.js';
import { formatAllocationJson, formatAllocationText } from '../../eval/format-allocation.js';
import { formatJsonRow, type RowContext } from '../../eval/format-json-row.js';
import type { LoadedPool } from '../../eval/pool-source.js';
import { renderAllocationChart } from '../../eval/report/allocation-chart.js';
import type { FeedbackOptions } from '../../feedback/feedback-options.js';
import { loadTemplateSet } from '../../feedback/templates/load-template-set.js';
import { getTemplateSet } from '../../feedback/templates/registry.js';
import type { TemplateSet } from '../../feedback/templates/template-set.js';
import { parseVerifierSpec, verifierNames } from '../../feedback/verifiers/registry.js';
import { majority } from '../../strategies/majority.js';
import type { Strategy } from '../../strategies/strategy.js';
import { parseIntegerOption, splitList, type OptionTable } from '../args.js';
import { readsChecks } from '../feedback-flags.js';

/** Strategy names that are loops, not strategies: run on recorded calls. */
export const LOOP_NAMES = ['solve-detect-verify', 'magicore'] as const;
type LoopName = (typeof LOOP_NAMES)[number];
export const isLoopName = (name: string): name is LoopName => (LOOP_NAMES as readonly string[]).includes(name);

export const FEEDBACK_OPTIONS: OptionTable = {
  verify: { type: 'string', placeholder: 'verifier', defaultText: 'rederive', description: `verifier of the loops (${verifierNames().join(', ')}; options as name:key=value)` },
  refine: { type: 'string', placeholder: 'rounds', description: 'also evaluate each strategy after R check-and-revise rounds per solution, comma-separated (replays recorded checks and revisions)' },
  templates: { type: 'string', placeholder: 'name|file', defaultText: "toy-arith-sf for its records, else natural-language", description: 'feedback prompts: a template set or a JSON file overriding one' },
  prompts: { type: 'string', placeholder: 'file', description: 'toy-arith-sf records: the problems (models/toy-arith/dev.jsonl), so recorded checks and corrections replay' },
  allocation: { type: 'boolean', description: 'the solve/verify allocation on recordings with several verifications per solution (sc-genrm): S × V grid, compute-optimal (S, V) per budget' },
  solutions: { type: 'string', placeholder: 'list', defaultText: '1,2,4,8,16,32,64', description: 'with --allocation: solution counts S' },
  checks: { type: 'string', placeholder: 'list', defaultText: '1,2,4,8,16,32', description: 'with --allocation: verifications per solution V' },
  'length-ratio': { type: 'string', placeholder: 'λ', defaultText: '1 (compute in calls)', description: 'with --allocation: verification length / solution length, for compute C = S(1 + λV)' },
  chart: { type: 'string', placeholder: 'file.svg', description: 'with --allocation: write the allocation curve as an SVG' },
};

export interface FeedbackSettings {
  loops: LoopName[];
  refine: number[];
  verifier: string;
  templates: string | undefined;
  allocation?: { solutions: number[]; checks: number[]; lengthRatio: number; chart: string | undefined };
}

type Values = Record<string, string | boolean | undefined>;

/** The feedback part of the settings; `names` loses the loop names it takes. Throws InvalidInputError. */
export function feedbackSettings(values: Values, names: string[]): FeedbackSettings {
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const loops = names.filter(isLoopName);
  for (const loop of loops) names.splice(names.indexOf(loop), 1);
  const verifier = text('verify') ?? 'rederive';
  parseVerifierSpec(verifier);
  const settings: FeedbackSettings = {
    loops,
    refine: splitList(text('refine') ?? '').map((r) => parseIntegerOption('refine', r, 1)),
    verifier,
    templates: text('templates'),
  };
  if (values['allocation'] === true) {
    const ratio = Number(text('length-ratio') ?? '1');
    if (!(ratio > 0)) throw new InvalidInputError(`--length-ratio must be a positive number, got "${String(text('length-ratio'))}"`);
    settings.allocation = {
      solutions: splitList(text('solutions') ?? '1,2,4,8,16,32,64').map((s) => parseIntegerOption('solutions', s, 1)),
      checks: splitList(text('checks') ?? '1,2,4,8,16,32').map((v) => parseIntegerOption('checks', v, 1)),
      lengthRatio: ratio,
      chart: text('chart'),
    };
  } else {
    for (const name of ['solutions', 'checks', 'length-ratio', 'chart']) if (values[name] !== undefined) throw new InvalidInputError(`--${name} applies only with --allocation`);
  }
  return settings;
}

export const hasFeedbackWork = (s: FeedbackSettings): boolean => s.loops.length > 0 || s.refine.length > 0;

async function templatesFor(pool: LoadedPool, name: string | undefined): Promise<TemplateSet> {
  if (name !== undefined) return name.endsWith('.json') ? loadTemplateSet(name) : getTemplateSet(name);
  return getTemplateSet(pool.format === 'toy-arith-sf' ? 'toy-arith-sf' : 'natural-language');
}

/** The loop rows of a pool: each loop at each budget, and each strategy after each refine depth. */
export async function feedbackRows(
  pool: LoadedPool,
  settings: FeedbackSettings,
  strategies: readonly Strategy[],
  ns: readonly SampleBudget[],
  run: { seeds: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<FeedbackEvalRow[]> {
  const templates = await templatesFor(pool, settings.templates);
  const largest = Math.max(...pool.questions.map((q) => q.samples.length));
  const sizes = [...new Set(ns.map((n) => (n === 'all' ? largest : n)))];
  const common = { verifier: settings.verifier, templates };
  const methods: FeedbackMethod[] = [];
  for (const loop of settings.loops) {
    for (const n of sizes) methods.push({ name: loop, n, feedback: { ...common, method: loop } as FeedbackOptions, strategy: strategies[0] ?? majority() });
  }
  for (const rounds of settings.refine) {
    for (const strategy of strategies) {
      // A strategy that reads checks needs the final revisions checked too.
      const checkLast = readsChecks(strategy);
      for (const n of sizes) methods.push({ name: `refine:rounds=${rounds}+${strategy.name}`, n, feedback: { ...common, method: 'refine', rounds, checkLast }, strategy });
    }
  }
  return evaluateFeedback({ questions: pool.questions, methods, seeds: run.seeds, seed: run.seed, ...(run.onProgress && { onProgress: run.onProgress }) });
}

const round = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

/** A loop row as JSON: the usual fields plus calls, prompt tokens, unreadable outputs and refine transitions. */
export function formatFeedbackJson(context: RowContext, row: FeedbackEvalRow): string {
  const base = JSON.parse(formatJsonRow(context, row)) as Record<string, unknown>;
  return JSON.stringify({
    ...base,
    calls_per_question: round(row.callsPerQuestion),
    prompt_tokens_per_question: round(row.promptTokensPerQuestion),
    failures_per_question: round(row.failuresPerQuestion),
    transitions: row.transitions.map((t) => ({ round: t.round, right_to_right: round(t.rightToRight), wrong_to_right: round(t.wrongToRight), right_to_wrong: round(t.rightToWrong), right: t.right, wrong: t.wrong })),
  });
}

export async function allocationOutput(pool: LoadedPool, settings: NonNullable<FeedbackSettings['allocation']>, run: { seeds: number; seed: number; json: boolean }): Promise<string> {
  const result = await evaluateAllocation({ questions: pool.questions, solutions: settings.solutions, checks: settings.checks, seeds: run.seeds, seed: run.seed, lengthRatio: settings.lengthRatio });
  if (settings.chart !== undefined) await writeFile(settings.chart, await renderAllocationChart(result));
  return run.json ? `${formatAllocationJson(pool.name, result).join('\n')}\n` : formatAllocationText(pool.name, result);
}
