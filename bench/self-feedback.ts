/**
 * Self-feedback against self-consistency at equal tokens, live on toy-arith-sf (embedded, one thread):
 * for each problem of the set, at each temperature and seed, every method runs through solve() — its
 * own flow on the scheduler, every call counted — on shared draws (bench/shared-draws.ts), so methods
 * differ by what they do, not by which solutions they drew. One JSON line per (temperature, method,
 * budget): accuracy (mean over seeds, and each seed's), generated tokens (solutions + checks +
 * revisions), prompt tokens, calls, AUROC and ECE of the method's confidence. Then per temperature: the
 * model's own solutions (per-sample accuracy, AUROC of the rederive score and of the mean token
 * logprob, the check's pass/reject rates), refine's transition table per round, the agreement with the
 * model card, the equal-token comparisons, and the frontier candidates against greedy decoding.
 *
 *   flock /work/.heavy.lock npx tsx bench/self-feedback.ts [--set dev|test] [--temperatures 1,0.7] [--seeds 3] [--problems all]
 *     [--methods all|name,name…] [--concurrent 8]
 *
 * `--methods` keeps only the named methods (greedy and majority always run: every comparison needs them).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MODELS, sharedPath } from '../test/shared.js';
import { toyArithAnswers } from '../src/answers/toy-arith.js';
import { createLlamaBackend } from '../src/backends/llama/llama-backend.js';
import { createPool } from '../src/core/pool.js';
import { deriveSeed } from '../src/core/rng.js';
import type { Decision } from '../src/core/types.js';
import { solve, type SolveOptions, type SolveResult } from '../src/engine/solve.js';
import type { Transition } from '../src/feedback/loops/outcome.js';
import type { FeedbackOptions } from '../src/feedback/feedback-options.js';
import { auroc, calibrationSummary } from '../src/eval/calibration.js';
import { countTransitions, transitionTable, type TransitionCounts } from '../src/eval/evaluate-feedback.js';
import { mean, standardDeviation } from '../src/eval/stats.js';
import { meanLogprob } from '../src/signals/logprob.js';
import { parseStrategySpec } from '../src/strategies/strategy-spec.js';
import { sharedDraws } from './shared-draws.js';

const { values: args } = parseArgs({
  options: {
    set: { type: 'string', default: 'dev' },
    temperatures: { type: 'string', default: '1,0.7' },
    seeds: { type: 'string', default: '3' },
    problems: { type: 'string', default: 'all' },
    parallel: { type: 'string', default: '16' },
    concurrent: { type: 'string', default: '8' },
    methods: { type: 'string', default: 'all' },
  },
});
const SET = String(args.set);
const TEMPERATURES = String(args.temperatures).split(',').map(Number);
const SEEDS = Number(args.seeds);
const BASE_SEED = 20251201;

interface Problem {
  id: string;
  question: string;
  answer: number;
}

const all = readFileSync(sharedPath('models', 'toy-arith', `${SET}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Problem);
const problems = args.problems === 'all' ? all : all.slice(0, Number(args.problems));

const FEEDBACK = { verifier: 'rederive', templates: 'toy-arith-sf' } as const;
const SAMPLING = { topP: 1, maxTokens: 96, stopSequences: ['\n'] };

interface Method {
  name: string;
  budget: number;
  strategy?: string;
  feedback?: FeedbackOptions;
  /** A frontier candidate (tuned on dev, reported on test). */
  frontier?: boolean;
}

const allMethods: Method[] = [
  ...[1, 2, 4, 8, 16].map((n) => ({ name: 'majority', budget: n })),
  ...[2, 4, 8, 16].flatMap((n) => ['verified-vote', 'best-of-n:signal=verifier', 'majority-of-passed'].map((strategy) => ({ name: strategy, budget: n, strategy, feedback: { ...FEEDBACK, method: 'verify' as const } }))),
  ...[1, 2, 3].flatMap((rounds) => [1, 4, 16].map((n) => ({ name: n === 1 ? `refine:rounds=${rounds}` : `refine:rounds=${rounds}+majority`, budget: n, feedback: { ...FEEDBACK, method: 'refine' as const, rounds } }))),
  ...[2, 4, 8, 16].map((n) => ({ name: 'solve-detect-verify', budget: n, feedback: { ...FEEDBACK, method: 'solve-detect-verify' as const } })),
  ...[8, 16].map((n) => ({ name: 'magicore', budget: n, feedback: { ...FEEDBACK, method: 'magicore' as const } })),
  // Frontier candidates: start from the greedy solution and let the check decide whether to look further.
  ...[2, 4, 8, 16].map((n) => ({ name: 'greedy-first+solve-detect-verify', budget: n, feedback: { ...FEEDBACK, method: 'solve-detect-verify' as const, greedyFirst: true }, frontier: true })),
  ...[1, 2].map((rounds) => ({ name: `greedy-first+refine:rounds=${rounds}`, budget: 1, feedback: { ...FEEDBACK, method: 'refine' as const, rounds, greedyFirst: true }, frontier: true })),
];

const wanted = args.methods === 'all' ? undefined : new Set(String(args.methods).split(','));
const methods = allMethods.filter((m) => wanted === undefined || m.name === 'majority' || wanted.has(m.name));

interface Outcome {
  correct: boolean;
  confidence: number;
  completionTokens: number;
  promptTokens: number;
  calls: number;
}

const round = (x: number, digits = 4): number | null => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);

  const isRight = (answer: string | null, p: Problem): boolean => answer === String(p.answer);

    const agree = (name: string, measured: number | null, expected: number, tolerance: number) => ({ figure: name, measured, card: expected, tolerance, met: measured !== null && Math.abs(measured - expected) <= tolerance });

const outcome = (d: Decision, p: Problem): Outcome => ({
  correct: !d.abstained && isRight(d.answer, p),
  confidence: d.confidence,
  completionTokens: d.usage.completionTokens,
  promptTokens: d.usage.promptTokens,
  calls: d.usage.calls,
});

async function main(): Promise<void> {
  const started = performance.now();
  const llama = await createLlamaBackend({ model: MODELS.toyArithSf, threads: 1, parallel: Number(args.parallel) });
  const backend = sharedDraws(llama);
  const pool = createPool(Number(args.concurrent));
  const run = (p: Problem, options: Partial<SolveOptions> & Pick<SolveOptions, 'maxSamples' | 'seed'>, strategy = 'majority'): Promise<SolveResult> =>
    solve({ backend, prompt: p.question, answerKind: toyArithAnswers, strategy: parseStrategySpec(strategy), concurrency: 16, logprobs: true, ...options });

  try {
    const greedy: Outcome[] = [];
    await Promise.all(problems.map((p) => pool.run(async () => greedy.push(outcome(await run(p, { maxSamples: 1, seed: 0, sampling: { ...SAMPLING, temperature: 0 } }), p)))));
    const summaries: Record<string, unknown>[] = [];
    for (const temperature of TEMPERATURES) {
      const results = new Map<string, Outcome[][]>(); // method key → per seed
      const perSample: { score: number; passed: boolean; meanLogprob: number; correct: boolean }[] = [];
      const transitions: (Transition & { gold: string })[] = [];
      for (let seed = 0; seed < SEEDS; seed++) {
        await Promise.all(
          problems.map((p) =>
            pool.run(async () => {
              const solveSeed = deriveSeed(BASE_SEED, p.id, temperature, seed);
              for (const m of methods) {
                const r = await run(p, { maxSamples: m.budget, seed: solveSeed, sampling: { ...SAMPLING, temperature }, ...(m.feedback && { feedback: m.feedback }) }, m.strategy);
                const key = `${m.name}\u0000${m.budget}`;
                const bySeed = results.get(key) ?? [];
                (bySeed[seed] ??= []).push(outcome(r, p));
                results.set(key, bySeed);
                if (m.name === 'verified-vote' && m.budget === 16) {
                  for (const s of r.feedback?.finals ?? []) {
                    const check = s.checks?.[0];
                    const lp = meanLogprob(s);
                    if (check !== undefined && lp !== undefined) perSample.push({ score: check.score, passed: check.passed, meanLogprob: lp, correct: isRight(s.answer ?? null, p) });
                  }
                }
                if (m.name === 'refine:rounds=3+majority' && m.budget === 16) transitions.push(...(r.feedback?.transitions ?? []).map((t) => ({ ...t, gold: String(p.answer) })));
              }
            }),
          ),
        );
        process.stderr.write(`T=${temperature} seed ${seed}: ${Math.round((performance.now() - started) / 1000)} s, ${backend.generated} generated, ${backend.reused} reused\n`);
      }
      summaries.push(...report(temperature, results, greedy, perSample, transitions));
    }
    for (const line of summaries) console.log(JSON.stringify(line));
    console.log(JSON.stringify({ bench: 'self-feedback', kind: 'run', set: SET, problems: problems.length, seeds: SEEDS, generated_requests: backend.generated, reused_requests: backend.reused, wall_s: round((performance.now() - started) / 1000, 1) }));
  } finally {
    await backend.close?.();
  }
}

interface Row {
  method: string;
  budget: number;
  accuracy: number;
  tokens: number;
  frontier: boolean;
}

function report(
  temperature: number,
  results: Map<string, Outcome[][]>,
  greedy: Outcome[],
  perSample: { score: number; passed: boolean; meanLogprob: number; correct: boolean }[],
  transitions: (Transition & { gold: string })[],
): Record<string, unknown>[] {
  const head = { bench: 'self-feedback', set: SET, model: 'toy-arith-sf.gguf', temperature, problems: problems.length };
  const lines: Record<string, unknown>[] = [];
  const rows: Row[] = [];
  const line = (method: string, budget: number, bySeed: Outcome[][], frontier: boolean): void => {
    const pooled = bySeed.flat();
    const accuracies = bySeed.map((o) => 100 * mean(o.map((x) => (x.correct ? 1 : 0))));
    const calibration = calibrationSummary(pooled);
    const row = { method, budget, accuracy: mean(accuracies), tokens: mean(pooled.map((o) => o.completionTokens)), frontier };
    rows.push(row);
    lines.push({
      ...head,
      kind: 'method',
      method,
      budget,
      ...(frontier && { frontier_candidate: true }),
      accuracy: round(row.accuracy, 2),
      accuracy_by_seed: accuracies.map((a) => round(a, 2)),
      accuracy_seed_sd: round(standardDeviation(accuracies), 2),
      generated_tokens: round(row.tokens, 1),
      prompt_tokens: round(mean(pooled.map((o) => o.promptTokens)), 1),
      calls: round(mean(pooled.map((o) => o.calls)), 2),
      auroc: round(calibration.auroc),
      ece: round(calibration.ece),
    });
  };
  line('greedy', 1, [greedy], false);
  for (const m of methods) line(m.name, m.budget, results.get(`${m.name}\u0000${m.budget}`) ?? [], m.frontier === true);

  const right = perSample.filter((s) => s.correct);
  const wrong = perSample.filter((s) => !s.correct);
  const own = {
    per_sample_accuracy: round((100 * right.length) / perSample.length, 2),
    rederive_auroc: round(auroc(perSample.map((s) => ({ confidence: s.score, correct: s.correct })))),
    mean_logprob_auroc: round(auroc(perSample.map((s) => ({ confidence: s.meanLogprob, correct: s.correct })))),
    passes_right: round((100 * right.filter((s) => s.passed).length) / right.length, 2),
    rejects_wrong: round((100 * wrong.filter((s) => !s.passed).length) / wrong.length, 2),
    solutions: perSample.length,
  };
  lines.push({ ...head, kind: 'own-solutions', ...own });
  const counts: TransitionCounts = new Map();
  for (const t of transitions) countTransitions(counts, [t], (answer) => answer === t.gold);
  const rates = transitionTable(counts);
  for (const t of rates) {
    lines.push({ ...head, kind: 'refine-transitions', round: t.round, right_to_right: round(t.rightToRight), wrong_to_right: round(t.wrongToRight), right_to_wrong: round(t.rightToWrong), right_before: t.right, wrong_before: t.wrong });
  }

  // The model card's independent figures (models/toy-arith-sf/README.md), dev only.
  const card = temperature === 1 ? { sample: 79.8, auroc: 0.837, pass: 94.8, reject: 73.0, fix: 53.5 } : { sample: 84.8, auroc: 0.79, pass: 94.8, reject: 63.5, fix: 42.7 };
  const round1 = rates.find((t) => t.round === 1);
  if (SET === 'dev') {
    const checks = [
      agree('per-sample accuracy %', own.per_sample_accuracy, card.sample, 2),
      agree('rederive AUROC', own.rederive_auroc, card.auroc, 0.03),
      ...(temperature === 1 ? [agree('passes a right solution %', own.passes_right, card.pass, 3), agree('rejects a wrong one %', own.rejects_wrong, card.reject, 3)] : []),
      agree('one round: wrong → right %', round1 === undefined ? null : round(100 * round1.wrongToRight, 2), card.fix, 4),
      { figure: 'one round: right → wrong %', measured: round1 === undefined ? null : round(100 * round1.rightToWrong, 2), at_most: 6, met: round1 !== undefined && 100 * round1.rightToWrong <= 6 },
    ];
    lines.push({ ...head, kind: 'card-agreement', checks, all_met: checks.every((c) => c.met) });
  }

  const find = (method: string, budget: number) => rows.find((r) => r.method === method && r.budget === budget);
  const compare = (name: string, a: Row, b: Row, maxRatio: number) => ({
    ...head,
    kind: 'equal-tokens',
    comparison: name,
    method: `${a.method}@${a.budget}`,
    accuracy: round(a.accuracy, 2),
    tokens: round(a.tokens, 1),
    baseline: `${b.method}@${b.budget}`,
    baseline_accuracy: round(b.accuracy, 2),
    baseline_tokens: round(b.tokens, 1),
    accuracy_gap: round(a.accuracy - b.accuracy, 2),
    token_ratio: round(a.tokens / b.tokens, 3),
    max_token_ratio: maxRatio,
    met: a.accuracy >= b.accuracy - 1 && a.tokens <= maxRatio * b.tokens,
  });
  const comparisons: [string, string, number, string, number, number][] =
    temperature === 1
      ? [
          ['solve-detect-verify reaches majority@16', 'solve-detect-verify', 16, 'majority', 16, 0.25],
          ['one check-and-correct round reaches majority@4', 'refine:rounds=1', 1, 'majority', 4, 0.55],
        ]
      : [['solve-detect-verify reaches majority@8', 'solve-detect-verify', 8, 'majority', 8, 0.4]];
  for (const [name, method, budget, baseline, baselineBudget, ratio] of comparisons) {
    const a = find(method, budget);
    const b = find(baseline, baselineBudget);
    if (a !== undefined && b !== undefined) lines.push(compare(name, a, b, ratio));
  }
  const g = find('greedy', 1) as Row;
  const cap = (find('majority', 16) as Row).tokens;
  const sampled = rows.filter((r) => r.method !== 'greedy' && !r.frontier);
  const best = sampled.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  lines.push({ ...head, kind: 'greedy-vs-sampled', greedy_accuracy: round(g.accuracy, 2), greedy_tokens: round(g.tokens, 1), best_sampled: `${best.method}@${best.budget}`, best_sampled_accuracy: round(best.accuracy, 2), any_sampled_beats_greedy: best.accuracy > g.accuracy });
  for (const r of rows.filter((x) => x.frontier)) {
    lines.push({ ...head, kind: 'frontier', method: `${r.method}@${r.budget}`, accuracy: round(r.accuracy, 2), tokens: round(r.tokens, 1), greedy_accuracy: round(g.accuracy, 2), gain_over_greedy: round(r.accuracy - g.accuracy, 2), majority16_tokens: round(cap, 1), within_majority16_tokens: r.tokens <= cap, beats_greedy_by_1_5: r.accuracy >= g.accuracy + 1.5 && r.tokens <= cap });
  }
  return lines;
}

await main();
