/**
 * What parallel sampling costs and buys on the embedded backend (toy-arith, CPU):
 * - wall time of 16 samples of one prompt against 1 sample, with the prompt's prefill shared across
 *   the 16 sequences (KV fork) and without (each sequence evaluates the prompt);
 * - the cost of raw logprobs (full logits to JS, top-5, entropy, self-certainty) against llama.cpp's
 *   own sampler;
 * - majority-of-16 accuracy against single-sample accuracy on 100 dev problems.
 * Wall-time pairs use different problems of the same family, so no run inherits another's prefix.
 * Prints one JSON line. Run: npx tsx bench/sampling.ts [--threads 1] [--problems 100] [--temperature 1]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MODELS, sharedPath } from '../test/shared.js';
import type { GenerateRequest } from '../src/backends/backend.js';
import { createLlamaBackend, type LlamaBackend } from '../src/backends/llama/llama-backend.js';
import type { Sample } from '../src/core/types.js';
import { toyArithAnswers } from '../src/answers/toy-arith.js';
import { majority } from '../src/strategies/majority.js';
import { collectSamples } from '../src/backends/collect-samples.js';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' },
    problems: { type: 'string', default: '100' },
    temperature: { type: 'string', default: '1' },
    'timing-problems': { type: 'string', default: '8' },
  },
});
const threads = Number(values.threads);
const problemCount = Number(values.problems);
const temperature = Number(values.temperature);
const timingProblems = Number(values['timing-problems']);
const N = 16;

interface Problem {
  question: string;
  answer: number;
}
const problems: Problem[] = readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Problem);

const base = { temperature, stop: ['\n'], maxTokens: 96 } as const;

/** The samples of one request, in index order. */
const generate = (backend: LlamaBackend, request: Omit<GenerateRequest, keyof typeof base | 'stop'>): Promise<Sample[]> =>
  collectSamples(backend.generate({ ...base, stopSequences: [...base.stop], ...request }));

/** Mean wall ms per request and generated tokens/s over `questions`, n samples each. */
async function timeRequests(backend: LlamaBackend, questions: Problem[], n: number, extra: Partial<GenerateRequest> = {}) {
  let tokens = 0;
  const started = performance.now();
  for (const [i, p] of questions.entries()) {
    tokens += (await generate(backend, { prompt: p.question, n, seed: 1000 + i, ...extra })).reduce((sum, s) => sum + s.tokens, 0);
  }
  const ms = performance.now() - started;
  return { msPerRequest: ms / questions.length, tokensPerSecond: tokens / (ms / 1000), tokensPerRequest: tokens / questions.length };
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

const shared = await createLlamaBackend({ model: MODELS.toyArith, threads, parallel: N, sharePrefix: true });
const unshared = await createLlamaBackend({ model: MODELS.toyArith, threads, parallel: N, sharePrefix: false });

// Timing problems come from the end of dev, disjoint from the accuracy problems at the start.
const pool = problems.slice(-4 * timingProblems);
const sets = [0, 1, 2, 3].map((k) => pool.slice(k * timingProblems, (k + 1) * timingProblems));
const [setA, setB, setC, setD] = sets as [Problem[], Problem[], Problem[], Problem[]];
await timeRequests(shared, problems.slice(-1), N); // warm-up: first decode allocates buffers
await timeRequests(unshared, problems.slice(-1), N);

const one = await timeRequests(shared, setA, 1);
const sixteenShared = await timeRequests(shared, setB, N);
const sixteenUnshared = await timeRequests(unshared, setC, N);
const sixteenRaw = await timeRequests(shared, setD, N, { logprobs: true, topLogprobs: 5, distributionStats: true });

// Accuracy: 16 samples per problem; single-sample accuracy averages all 16 samples (less noise than one draw).
let singleCorrect = 0;
let majorityCorrect = 0;
let noAnswer = 0;
let accuracyTokens = 0;
const accuracyStarted = performance.now();
for (const [i, p] of problems.slice(0, problemCount).entries()) {
  const samples = (await generate(shared, { prompt: p.question, n: N, seed: i })).map((s) => ({ ...s, answer: toyArithAnswers.extract(s.text) }));
  for (const sample of samples) {
    accuracyTokens += sample.tokens;
    if (sample.answer === null) noAnswer++;
    if (sample.answer === String(p.answer)) singleCorrect++;
  }
  // Plurality, ties going to the earliest sample: the majority strategy itself.
  const decision = await majority().aggregate(samples, { answerKind: toyArithAnswers, seed: i });
  if (decision.answer === String(p.answer)) majorityCorrect++;
}
const accuracySeconds = (performance.now() - accuracyStarted) / 1000;

await shared.close();
await unshared.close();

console.log(
  JSON.stringify({
    bench: 'sampling',
    model: 'toy-arith.gguf',
    threads,
    temperature,
    n: N,
    timingProblemsPerCase: timingProblems,
    ms: {
      oneSample: round(one.msPerRequest, 1),
      sixteenSharedPrefill: round(sixteenShared.msPerRequest, 1),
      sixteenSeparatePrefill: round(sixteenUnshared.msPerRequest, 1),
      sixteenSharedWithRawLogprobs: round(sixteenRaw.msPerRequest, 1),
    },
    ratio16to1: {
      sharedPrefill: round(sixteenShared.msPerRequest / one.msPerRequest, 2),
      separatePrefill: round(sixteenUnshared.msPerRequest / one.msPerRequest, 2),
    },
    sharedVsSeparatePrefill: round(sixteenShared.msPerRequest / sixteenUnshared.msPerRequest, 3),
    rawLogprobsOverhead: round(sixteenRaw.msPerRequest / sixteenShared.msPerRequest, 2),
    tokensPerSecond: {
      oneSample: round(one.tokensPerSecond, 0),
      sixteenSharedPrefill: round(sixteenShared.tokensPerSecond, 0),
      sixteenSeparatePrefill: round(sixteenUnshared.tokensPerSecond, 0),
      sixteenSharedWithRawLogprobs: round(sixteenRaw.tokensPerSecond, 0),
      accuracyRun: round(accuracyTokens / accuracySeconds, 0),
    },
    accuracy: {
      problems: problemCount,
      singleSample: round(singleCorrect / (problemCount * N)),
      majorityOf16: round(majorityCorrect / problemCount),
      noAnswerRate: round(noAnswer / (problemCount * N), 4),
    },
  }),
);
