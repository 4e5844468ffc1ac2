/**
 * Early stopping live, on the embedded toy-arith model: the first 100 toy-arith dev problems solved
 * with `solve()` under fixed N=16 (the baseline, measured in the same run) and under `auto` (one rule
 * instance across the run, as `quorum ask --stop auto` would be over a session), with a 16-sample and
 * a 32-sample budget. Prints one JSON line with accuracy, completion tokens and wall time of each,
 * and their ratios to the baseline.
 *
 *   npx tsx bench/stopping-live.ts [--problems 100] [--concurrency 8]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLlamaBackend } from '../src/backends/llama/llama-backend.js';
import { solve } from '../src/engine/solve.js';
import { toyArithAnswers } from '../src/answers/toy-arith.js';
import { autoRule } from '../src/stopping/auto.js';
import { fixedRule } from '../src/stopping/fixed.js';
import type { StopRule } from '../src/stopping/stop-rule.js';
import { majority } from '../src/strategies/majority.js';
import { MODELS, sharedPath } from '../test/shared.js';

const { values: args } = parseArgs({ options: { problems: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '8' } } });
const concurrency = Number(args.concurrency);
const problems = readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .slice(0, Number(args.problems))
  .map((line) => JSON.parse(line) as { id: string; question: string; answer: number });

const backend = await createLlamaBackend({ model: MODELS.toyArith, threads: 1, contextSize: 256, parallel: concurrency });

interface Outcome {
  accuracy: number;
  tokens: number;
  wall_s: number;
  samples_per_question: number;
}

async function runWith(rule: StopRule, maxSamples: number): Promise<Outcome> {
  let correct = 0;
  let tokens = 0;
  let samples = 0;
  const started = performance.now();
  for (const [i, p] of problems.entries()) {
    const result = await solve({
      backend,
      prompt: p.question,
      answerKind: toyArithAnswers,
      strategy: majority(),
      maxSamples,
      stopRule: rule,
      concurrency,
      sampling: { temperature: 0.8, maxTokens: 96, stopSequences: ['\n'] },
      seed: i,
    });
    if (result.answer === String(p.answer)) correct++;
    tokens += result.usage.completionTokens;
    samples += result.samples.length;
  }
  return {
    accuracy: Number(((100 * correct) / problems.length).toFixed(1)),
    tokens,
    wall_s: Number(((performance.now() - started) / 1000).toFixed(2)),
    samples_per_question: Number((samples / problems.length).toFixed(2)),
  };
}

try {
  // Warm the model once so the first measured run does not pay for it.
  await runWith(fixedRule({ n: 2 }), 2);
  const fixed16 = await runWith(fixedRule({ n: 16 }), 16);
  const auto16 = await runWith(autoRule(), 16);
  const auto32 = await runWith(autoRule(), 32);
  const versus = (o: Outcome) => ({
    ...o,
    accuracy_gap_pt: Number((o.accuracy - fixed16.accuracy).toFixed(1)),
    token_ratio: Number((o.tokens / fixed16.tokens).toFixed(3)),
    wall_ratio: Number((o.wall_s / fixed16.wall_s).toFixed(3)),
  });
  console.log(
    JSON.stringify({
      bench: 'stopping-live',
      model: 'toy-arith',
      problems: problems.length,
      concurrency,
      baseline_fixed16: fixed16,
      auto_budget16: versus(auto16),
      auto_budget32: versus(auto32),
    }),
  );
} finally {
  await backend.close();
}
