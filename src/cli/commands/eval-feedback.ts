/**
 * `quorum eval` for self-feedback on recordings: loops (`--strategy solve-detect-verify,magicore`,
 * `--refine 1,2`) replayed from recorded calls on the virtual driver, and the solve/verify allocation
 * (`--allocation`) on recordings whose solutions carry several verifications. See docs/feedback.md.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { evaluateAllocation, verifiedPool } from '../../eval/allocation.js';
import type { SampleBudget } from '../../eval/eval-question.js';
import { evaluateFeedback, type FeedbackEvalRow, type FeedbackMethod } from '../../eval/evaluate-feedback.js';
import { formatAllocationJson, formatAllocationText } from '../../eval/format-allocation.js';
import { formatJsonRow, type RowContext } from '../../eval/format-json-row.js';
import type { LoadedPool } from '../../eval/pool-source.js';
import type { FeedbackSection } from '../../eval/report/report-data.js';
import { createProgress } from '../../eval/progress.js';
import { recordFeedback } from '../../eval/record-feedback.js';
import { withRecordedChecks } from '../../eval/recorded-checks.js';
import { readRun } from '../../eval/store/run-store.js';
import { parseStrategySpec } from '../../strategies/strategy-spec.js';
import type { AfterSamples } from './eval-live.js';
import { renderAllocationChart } from '../../eval/report/allocation-chart.js';
import type { FeedbackOptions } from '../../feedback/feedback-options.js';
import { loadTemplateSet } from '../../feedback/templates/load-template-set.js';
import { getTemplateSet } from '../../feedback/templates/registry.js';
import type { TemplateSet } from '../../feedback/templates/template-set.js';
import { parseVerifierSpec, verifierNames } from '../../feedback/verifiers/registry.js';
import { majority } from '../../strategies/majority.js';
import { majorityOfPassed } from '../../strategies/majority-of-passed.js';
import { verifiedVote } from '../../strategies/verified-vote.js';
import { decideAllocation, type CandidateResult, type DecisionCandidate } from '../../eval/allocation-decision.js';
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
  decide: { type: 'boolean', description: 'the allocation decision: pick the method and budget on half the questions (majority, verified-vote, majority-of-passed, solve-detect-verify, refine at each --n), report it on the other half' },
  budget: { type: 'string', placeholder: 'tokens', defaultText: 'no limit', description: 'with --decide: most generated tokens per question' },
  tolerance: { type: 'string', placeholder: 'points', defaultText: '0.5', description: 'with --decide: accuracy points given up for a cheaper method' },
  'save-decision': { type: 'string', placeholder: 'file.json', description: 'with --decide: write the choice for quorum ask --strategy auto --decision <file>' },
};

export interface FeedbackSettings {
  loops: LoopName[];
  refine: number[];
  verifier: string;
  templates: string | undefined;
  allocation?: { solutions: number[]; checks: number[]; lengthRatio: number; chart: string | undefined };
  decide?: { budget: number | undefined; tolerance: number; save: string | undefined };
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
  if (values['decide'] === true) {
    const budget = text('budget') === undefined ? undefined : Number(text('budget'));
    const tolerance = Number(text('tolerance') ?? '0.5');
    if (budget !== undefined && !(budget > 0)) throw new InvalidInputError(`--budget must be a positive number of tokens, got "${String(text('budget'))}"`);
    if (!(tolerance >= 0)) throw new InvalidInputError(`--tolerance must be a non-negative number of points, got "${String(text('tolerance'))}"`);
    settings.decide = { budget, tolerance, save: text('save-decision') };
  } else {
    for (const name of ['budget', 'tolerance', 'save-decision']) if (values[name] !== undefined) throw new InvalidInputError(`--${name} applies only with --decide`);
  }
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

/**
 * `--templates`, else the preset the data calls for: toy-arith-sf for its records and for runs of a
 * toy-arith-sf*.gguf model, natural-language otherwise.
 */
async function templatesFor(pool: LoadedPool | undefined, name: string | undefined, model?: string): Promise<TemplateSet> {
  if (name !== undefined) return name.endsWith('.json') ? loadTemplateSet(name) : getTemplateSet(name);
  const toy = pool?.format === 'toy-arith-sf' || (model !== undefined && path.basename(model).startsWith('toy-arith-sf'));
  return getTemplateSet(toy ? 'toy-arith-sf' : 'natural-language');
}

/** The model of a run folder's manifest (for the template default). */
function runModel(pool: LoadedPool): string | undefined {
  if (pool.format !== 'run') return undefined;
  try {
    const setting = readRun(pool.name).manifest.backend.settings['model'];
    return typeof setting === 'string' ? setting : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pool as strategies see it: when a strategy reads checks and the samples carry none of the
 * verifier's, checks replayed from the recorded calls (a run recorded with --verify or --refine).
 */
export async function withChecksFor(pool: LoadedPool, settings: FeedbackSettings, strategies: readonly Strategy[]): Promise<LoadedPool> {
  if (!strategies.some(readsChecks) || !pool.questions.some((q) => (q.calls?.length ?? 0) > 0)) return pool;
  const templates = await templatesFor(pool, settings.templates, runModel(pool));
  return { ...pool, questions: withRecordedChecks(pool.questions, parseVerifierSpec(settings.verifier), templates) };
}

/**
 * With --dataset: after the samples are recorded, the feedback calls that --verify, --refine, loops or
 * a check-reading strategy need (refine up to the deepest round asked, every revision checked), through
 * the same backend, into the run folder. Undefined when no feedback is asked for.
 */
export function feedbackRecorder(values: Values): AfterSamples | undefined {
  const names = splitList((values['strategies'] ?? values['strategy'] ?? 'majority') as string);
  const loops = names.filter(isLoopName);
  const checked = names.filter((n) => !isLoopName(n)).some((n) => {
    try {
      return readsChecks(parseStrategySpec(n));
    } catch {
      return false;
    }
  });
  const rounds = splitList((values['refine'] as string | undefined) ?? '').map((r) => parseIntegerOption('refine', r, 1));
  if (loops.length === 0 && rounds.length === 0 && values['verify'] === undefined && !checked) return undefined;
  const verifier = (values['verify'] as string | undefined) ?? 'rederive';
  parseVerifierSpec(verifier);
  return async ({ backend, dir, answerKind, signal, io }) => {
    const templates = await templatesFor(undefined, values['templates'] as string | undefined, values['model'] as string | undefined);
    const feedback: FeedbackOptions = { method: 'refine', rounds: Math.max(1, ...rounds), checkLast: true, verifier, templates };
    const progress = values['quiet'] === true ? undefined : createProgress(io.stderr, `feedback ${path.basename(dir)}`, Date.now, { plainLines: 10 });
    const summary = await recordFeedback({ backend, dir, answerKind, feedback, concurrency: 16, signal, ...(progress && { onQuestion: (done: number, total: number) => progress.update(done, total) }) });
    progress?.finish(`${summary.generated} feedback calls made, ${summary.reused} already stored, over ${summary.questions} questions`);
  };
}

/** The loop rows of a pool: each loop at each budget, and each strategy after each refine depth. */
export async function feedbackRows(
  pool: LoadedPool,
  settings: FeedbackSettings,
  strategies: readonly Strategy[],
  ns: readonly SampleBudget[],
  run: { seeds: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<FeedbackEvalRow[]> {
  const templates = await templatesFor(pool, settings.templates, runModel(pool));
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

/** The saved choice `quorum ask --strategy auto --decision <file>` follows. */
export interface SavedDecision {
  kind: 'quorum-allocation-decision';
  method: string;
  n: number;
  /** The strategy that decides, and the loop when there is one (verifier spec, rounds). */
  strategy: string;
  loop?: { method: 'solve-detect-verify' | 'refine'; verifier: string; rounds?: number };
  fitAccuracy: number;
  heldOutAccuracy: number;
  heldOutTokens: number;
  source: string;
}

const candidateName = (r: CandidateResult): string => `${r.name}@${r.n}`;

const candidateLine = (r: CandidateResult): string => `${candidateName(r)}: ${r.accuracy.toFixed(1)} % at ${Math.round(r.tokens)} tokens`;

/** The allocation decision on a pool: candidates at each budget, chosen on half the questions, measured on the other half. */
export async function decisionOutput(pool: LoadedPool, settings: FeedbackSettings, ns: readonly SampleBudget[], run: { seeds: number; seed: number; json: boolean }): Promise<string> {
  const decide = settings.decide as NonNullable<FeedbackSettings['decide']>;
  const sizes = [...new Set(ns.filter((n): n is number => n !== 'all'))].toSorted((a, b) => a - b);
  const templates = await templatesFor(pool, settings.templates, runModel(pool));
  const common = { verifier: settings.verifier, templates };
  const checked = (await withChecksFor(pool, settings, [verifiedVote()])).questions;
  const hasChecks = checked.some((q) => q.samples.some((s) => (s.checks?.length ?? 0) > 0));
  const hasCalls = pool.questions.some((q) => (q.calls?.length ?? 0) > 0);
  const candidates: DecisionCandidate[] = [
    ...sizes.map((n) => ({ name: 'majority', n, strategy: majority() })),
    ...(hasChecks ? sizes.filter((n) => n > 1).flatMap((n) => [{ name: 'verified-vote', n, strategy: verifiedVote() }, { name: 'majority-of-passed', n, strategy: majorityOfPassed() }]) : []),
    ...(hasCalls ? sizes.filter((n) => n > 1).map((n) => ({ name: 'solve-detect-verify', n, strategy: majority(), feedback: { ...common, method: 'solve-detect-verify' as const } })) : []),
    ...(hasCalls ? sizes.map((n) => ({ name: 'refine:rounds=1+majority', n, strategy: majority(), feedback: { ...common, method: 'refine' as const, rounds: 1 } })) : []),
  ];
  const decision = await decideAllocation({ questions: checked, candidates, seeds: run.seeds, seed: run.seed, tolerance: decide.tolerance, ...(decide.budget !== undefined && { budget: decide.budget }) });
  if (decide.save !== undefined) {
    const chosen = decision.chosen.name;
    const loop = chosen === 'solve-detect-verify' ? { method: 'solve-detect-verify' as const, verifier: settings.verifier } : chosen.startsWith('refine:') ? { method: 'refine' as const, verifier: settings.verifier, rounds: 1 } : undefined;
    const saved: SavedDecision = {
      kind: 'quorum-allocation-decision',
      method: chosen,
      n: decision.chosen.n,
      strategy: loop === undefined ? chosen : 'majority',
      ...(loop !== undefined && { loop }),
      fitAccuracy: decision.chosen.accuracy,
      heldOutAccuracy: decision.heldOut.chosen.accuracy,
      heldOutTokens: decision.heldOut.chosen.tokens,
      source: pool.name,
    };
    await writeFile(decide.save, `${JSON.stringify(saved, null, 2)}\n`);
  }
  if (run.json) {
    const out = (r: CandidateResult) => ({ method: candidateName(r), accuracy: round(r.accuracy), tokens: round(r.tokens) });
    return `${JSON.stringify({ file: pool.name, kind: 'allocation-decision', rule: decision.rule, fit_questions: decision.fitQuestions, held_out_questions: decision.heldOutQuestions, chosen: out(decision.chosen), frontier: decision.frontier.map(out), held_out: { chosen: out(decision.heldOut.chosen), best_there: out(decision.heldOut.bestThere), regret: round(decision.heldOut.regret) } })}\n`;
  }
  return [
    pool.name,
    `  allocation decision: ${decision.rule}; chosen on ${decision.fitQuestions} questions, measured on the other ${decision.heldOutQuestions}`,
    `  frontier (fitting half): ${decision.frontier.map(candidateLine).join('; ')}`,
    `  chosen: ${candidateLine(decision.chosen)}`,
    `  held out: ${candidateLine(decision.heldOut.chosen)}; the rule would have chosen ${candidateLine(decision.heldOut.bestThere)} there (regret ${decision.heldOut.regret.toFixed(1)} points)`,
    '',
  ].join('\n');
}

/**
 * What `quorum report` adds for self-feedback: checks replayed from recorded calls (so verification-
 * based strategies join the comparison), rows for solve-detect-verify and one refine round at each
 * budget, refine's transitions, and the allocation when solutions carry several verifications.
 */
export async function reportFeedback(
  pool: LoadedPool,
  replay: { verifier: string | undefined; templates: string | undefined },
  ns: readonly SampleBudget[],
  run: { seeds: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<{ questions: LoadedPool['questions']; rows: FeedbackEvalRow[]; section: FeedbackSection | undefined }> {
  const hasCalls = pool.questions.some((q) => (q.calls?.length ?? 0) > 0);
  const multiChecked = pool.questions.some((q) => q.samples.some((s) => (s.checks?.length ?? 0) > 1));
  if (!hasCalls && !multiChecked) return { questions: pool.questions, rows: [], section: undefined };
  const settings: FeedbackSettings = { loops: hasCalls ? ['solve-detect-verify'] : [], refine: hasCalls ? [1] : [], verifier: replay.verifier ?? 'rederive', templates: replay.templates };
  const checked = await withChecksFor(pool, settings, [verifiedVote()]);
  const budgets = ns.filter((n) => n !== 1);
  const rows = hasCalls ? await feedbackRows(checked, settings, [majority()], budgets.length === 0 ? ns : budgets, run) : [];
  const section: FeedbackSection = { transitions: rows.filter((r) => r.transitions.length > 0).map((r) => ({ method: r.strategy, n: r.n, rounds: r.transitions })) };
  if (multiChecked) {
    section.allocation = await evaluateAllocation({ questions: pool.questions, solutions: [1, 2, 4, 8, 16, 32, 64], checks: [1, 2, 4, 8, 16, 32], seeds: run.seeds, seed: run.seed });
  }
  // Verification-based strategies compare with self-consistency on the solutions that were verified.
  return { questions: multiChecked ? checked.questions.map(verifiedPool) : checked.questions, rows, section };
}
