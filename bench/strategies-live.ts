/**
 * Every strategy live on the embedded toy-arith model: for each of the 200 dev problems, 16 samples at
 * T = 1 (top-20 logprobs and exact distribution statistics on every token), plus 8 at T = 0.8 for the
 * ensemble. Each strategy decides at N = 8 (the first 8) and N = 16 from the same samples, so
 * differences are not sampling noise. Prints one JSON line per (strategy, N): accuracy, AUROC / ECE /
 * Brier / AURC of its confidence, and tokens per question including the strategy's own model calls,
 * with ratios to majority vote measured in the same run; then one line comparing top-k self-certainty
 * with the exact value across all samples.
 *
 *   npx tsx bench/strategies-live.ts [--problems 200] [--llm-n 8]
 *
 * USC, GSA and P(True) run at the N values in --llm-n only (default 8): the toy model cannot follow
 * their instructions, and their prompts exceed its 256-token training context (the context is 2048
 * here so that they run at all), so they measure the strategies' fallbacks, not the methods.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MODELS, sharedPath } from '../test/shared.js';
import { createLlamaBackend, type LlamaBackend } from '../src/backends/llama/llama-backend.js';
import { deriveSeed } from '../src/core/rng.js';
import type { Decision, Sample } from '../src/core/types.js';
import { auroc, calibrationSummary } from '../src/eval/calibration.js';
import { averageRanks, mean } from '../src/eval/stats.js';
import { toyArithAnswers } from '../src/answers/toy-arith.js';
import { meanLogprob } from '../src/signals/logprob.js';
import { exactSelfCertainty, topKSelfCertainty } from '../src/signals/self-certainty.js';
import { getStrategy } from '../src/strategies/registry.js';
import { parseStrategySpec } from '../src/strategies/strategy-spec.js';
import type { Strategy, StrategyContext } from '../src/strategies/strategy.js';
import { collectSamples } from '../src/backends/collect-samples.js';

const { values: args } = parseArgs({ options: { problems: { type: 'string', default: '200' }, 'llm-n': { type: 'string', default: '8' } } });
const PROBLEMS = Number(args.problems);
const LLM_NS = new Set(String(args['llm-n']).split(',').filter(Boolean).map(Number));
const NS = [8, 16];
const SEED = 20251122;

const ANSWER_LEVEL = [
  'majority',
  'weighted',
  'best-of-n',
  'best-of-n:signal=self-certainty-top-k',
  'best-of-n:signal=mean-logprob',
  'borda',
  'rpc',
  'deepconf',
  'deepconf:eta=90',
  'ensemble',
];
/** The toy model's completions end at a newline, so its extra calls stop there too. */
const CALL = { call: { maxTokens: 48, stop: ['\n'] } };
const MODEL_CALLING: Strategy[] = [getStrategy('usc', CALL), getStrategy('gsa', CALL), getStrategy('p-true')];

interface Problem {
  id: string;
  question: string;
  answer: number;
}

interface Outcome {
  correct: boolean;
  confidence: number;
  abstained: boolean;
  promptTokens: number;
  completionTokens: number;
  extraCalls: number;
}

const problems = readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, PROBLEMS)
  .map((line) => JSON.parse(line) as Problem);

async function sample(backend: LlamaBackend, problem: Problem, n: number, temperature: number, source: string, firstIndex: number): Promise<Sample[]> {
  const samples = await collectSamples(
    backend.generate({
      prompt: problem.question,
      n,
      temperature,
      topP: 1,
      maxTokens: 96,
      stopSequences: ['\n'],
      topLogprobs: 20,
      distributionStats: true,
      seed: deriveSeed(SEED, problem.id, source),
    }),
  );
  return samples
    .toSorted((a, b) => a.index - b.index)
    .map((s) => ({ ...s, index: firstIndex + s.index, answer: toyArithAnswers.extract(s.text), source }));
}

function outcome(decision: Decision, problem: Problem, samplesUsed: number): Outcome {
  return {
    correct: !decision.abstained && decision.answer === String(problem.answer),
    confidence: decision.confidence,
    abstained: decision.abstained,
    promptTokens: decision.usage.promptTokens,
    completionTokens: decision.usage.completionTokens,
    extraCalls: decision.usage.calls - samplesUsed,
  };
}

/** Spearman's rank correlation: Pearson's correlation of the average ranks. */
function spearman(xs: readonly number[], ys: readonly number[]): number {
  const [rx, ry] = [averageRanks(xs), averageRanks(ys)];
  const [mx, my] = [mean(rx), mean(ry)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  rx.forEach((x, i) => {
    const y = ry[i] as number;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

const round = (x: number, digits = 4): number => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

async function main(): Promise<void> {
  const started = performance.now();
  const backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, contextSize: 2048, parallel: 16 });
  const strategies = ANSWER_LEVEL.map((spec) => parseStrategySpec(spec));
  const results = new Map<string, Outcome[]>();
  const record = (name: string, n: number, o: Outcome): void => {
    const key = `${name}\u0000${n}`;
    results.set(key, [...(results.get(key) ?? []), o]);
  };
  const perSample: { exact: number; topK: number; meanLogprob: number; correct: boolean }[] = [];
  let sampleMs = 0;
  let callMs = 0;
  try {
    for (const problem of problems) {
      const t0 = performance.now();
      const atT1 = await sample(backend, problem, 16, 1, 'T1', 0);
      const atT08 = await sample(backend, problem, 8, 0.8, 'T0.8', 100);
      sampleMs += performance.now() - t0;
      for (const s of atT1) {
        const exact = exactSelfCertainty(s);
        const topK = topKSelfCertainty(s);
        const lp = meanLogprob(s);
        if (exact !== undefined && topK !== undefined && lp !== undefined) {
          perSample.push({ exact, topK, meanLogprob: lp, correct: s.answer === String(problem.answer) });
        }
      }
      const context: StrategyContext = { answerKind: toyArithAnswers, seed: deriveSeed(SEED, problem.id, 'strategy'), prompt: problem.question, backend };
      for (const n of NS) {
        const drawn = atT1.slice(0, n);
        for (const strategy of strategies) {
          const samples = strategy.name === 'ensemble' ? [...atT1.slice(0, n / 2), ...atT08.slice(0, n / 2)] : drawn;
          record(strategy.name, n, outcome(await strategy.aggregate(samples, context), problem, samples.length));
        }
        if (!LLM_NS.has(n)) continue;
        for (const strategy of MODEL_CALLING) {
          const t1 = performance.now();
          record(strategy.name, n, outcome(await strategy.aggregate(drawn, context), problem, n));
          callMs += performance.now() - t1;
        }
      }
    }
  } finally {
    await backend.close();
  }

  for (const n of NS) {
    const baseline = summarize(results.get(`majority\u0000${n}`) ?? []);
    for (const [key, outcomes] of results) {
      const [name, keyN] = key.split('\u0000');
      if (Number(keyN) !== n) continue;
      const s = summarize(outcomes);
      console.log(
        JSON.stringify({
          bench: 'strategies-live',
          model: 'toy-arith.gguf',
          strategy: name,
          n,
          problems: outcomes.length,
          accuracy: round(s.accuracy, 2),
          auroc: round(s.calibration.auroc),
          ece: round(s.calibration.ece),
          brier: round(s.calibration.brier),
          aurc: round(s.calibration.aurc),
          abstain_rate: round(s.abstainRate, 2),
          completion_tokens_per_question: round(s.completionTokens, 1),
          prompt_tokens_per_question: round(s.promptTokens, 1),
          extra_calls_per_question: round(s.extraCalls, 2),
          accuracy_minus_majority: round(s.accuracy - baseline.accuracy, 2),
          total_tokens_vs_majority: round((s.completionTokens + s.promptTokens) / (baseline.completionTokens + baseline.promptTokens), 3),
        }),
      );
    }
  }
  console.log(
    JSON.stringify({
      bench: 'self-certainty-top-k-vs-exact',
      model: 'toy-arith.gguf',
      samples: perSample.length,
      spearman_top20_vs_exact: round(spearman(perSample.map((p) => p.topK), perSample.map((p) => p.exact))),
      spearman_mean_logprob_vs_exact: round(spearman(perSample.map((p) => p.meanLogprob), perSample.map((p) => p.exact))),
      auroc_exact: round(auroc(perSample.map((p) => ({ confidence: p.exact, correct: p.correct })))),
      auroc_top20: round(auroc(perSample.map((p) => ({ confidence: p.topK, correct: p.correct })))),
      auroc_mean_logprob: round(auroc(perSample.map((p) => ({ confidence: p.meanLogprob, correct: p.correct })))),
      mean_exact: round(mean(perSample.map((p) => p.exact))),
      mean_top20: round(mean(perSample.map((p) => p.topK))),
      sampling_s: round(sampleMs / 1000, 1),
      model_calling_strategies_s: round(callMs / 1000, 1),
      wall_s: round((performance.now() - started) / 1000, 1),
    }),
  );
}

function summarize(outcomes: readonly Outcome[]) {
  const meanOf = (f: (o: Outcome) => number): number => mean(outcomes.map(f));
  return {
    accuracy: 100 * meanOf((o) => (o.correct ? 1 : 0)),
    abstainRate: 100 * meanOf((o) => (o.abstained ? 1 : 0)),
    completionTokens: meanOf((o) => o.completionTokens),
    promptTokens: meanOf((o) => o.promptTokens),
    extraCalls: meanOf((o) => o.extraCalls),
    calibration: calibrationSummary(outcomes),
  };
}

await main();
