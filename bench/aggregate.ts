/**
 * How fast quorum turns sampled texts into decisions: answer extraction plus majority aggregation
 * over 1,000 questions × 64 samples of real model text.
 *
 * Texts: even-numbered questions draw from one of the 100 Qwen2.5-Math problems
 * (data/samples/qwen25-math-rm8/math_cot_100.jsonl: 8 long LaTeX chains of thought each), odd-numbered
 * ones from one of the 200 toy-arith problems (models/toy-arith/dev-samples.jsonl: 33 short chains
 * each, all modes), cycling through the problems in order; each question's 64 samples are drawn with
 * replacement (seed 1) from its problem's texts, so votes group real answers of one problem. Both
 * are extracted with the `math` answer kind.
 *
 * Baselines measured in the same run: a naive vote (a Map keyed by the extracted string) over the
 * same answers, and majority over samples whose answers are not pre-extracted (the strategy
 * extracts lazily). Each phase runs 5 times after a warm-up; medians are reported.
 *
 * Run: npx tsx bench/aggregate.ts
 */
import { getAnswerKind } from '../src/answers/registry.js';
import { loadSamplePool } from '../src/recordings/load-sample-pool.js';
import { createRng } from '../src/core/rng.js';
import type { Sample } from '../src/core/types.js';
import { majority } from '../src/strategies/majority.js';
import { sharedPath } from '../test/shared.js';

const QUESTIONS = 1000;
const SAMPLES = 64;
const RUNS = 5;

const answers = getAnswerKind('math');
const qwen = await loadSamplePool(sharedPath('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl'));
const toy = await loadSamplePool(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'), { modes: ['greedy', 'T0.8', 'T1'] });
const textsOf = (pool: typeof qwen): string[][] => pool.questions.map((q) => q.samples.map((s) => s.text));
const sources = [textsOf(qwen), textsOf(toy)];

const rng = createRng(1);
const texts: string[][] = Array.from({ length: QUESTIONS }, (_, q) => {
  const problems = sources[q % 2] as string[][];
  const pool = problems[Math.floor(q / 2) % problems.length] as string[];
  return Array.from({ length: SAMPLES }, () => pool[rng.int(pool.length)] as string);
});
const sampleOf = (text: string, index: number): Sample => ({
  index,
  text,
  tokens: 0,
  finishReason: 'stop',
  status: 'ok',
  usage: { promptTokens: 0, completionTokens: 0, calls: 1 },
});

const strategy = majority();
const context = { answerKind: answers, seed: 0 };

function extractAll(): Sample[][] {
  return texts.map((qs) => qs.map((text, i) => ({ ...sampleOf(text, i), answer: answers.extract(text) })));
}

async function aggregateAll(questions: Sample[][]): Promise<string[]> {
  const winners: string[] = [];
  for (const samples of questions) winners.push((await strategy.aggregate(samples, context)).answer ?? '');
  return winners;
}

function naiveVoteAll(questions: Sample[][]): string[] {
  return questions.map((samples) => {
    const counts = new Map<string, number>();
    for (const s of samples) if (typeof s.answer === 'string') counts.set(s.answer, (counts.get(s.answer) ?? 0) + 1);
    let best = '';
    let most = 0;
    for (const [answer, count] of counts) if (count > most) [best, most] = [answer, count];
    return best;
  });
}

async function time<T>(work: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

async function median(work: () => unknown): Promise<number> {
  await work(); // warm-up
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) runs.push((await time(work)).ms);
  return runs.toSorted((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

const extracted = extractAll();
const lazy = texts.map((qs) => qs.map(sampleOf));
const extractMs = await median(extractAll);
const aggregateMs = await median(() => aggregateAll(extracted));
const naiveMs = await median(() => naiveVoteAll(extracted));
const lazyMs = await median(() => aggregateAll(lazy));

// How often string equality picks the same winner as the answer kind's equivalence (they differ where equivalent answers are spelled differently).
const winners = await aggregateAll(extracted);
const agree = naiveVoteAll(extracted).filter((w, i) => w === winners[i]).length;
const total = QUESTIONS * SAMPLES;
const abstained = extracted.flat().filter((s) => s.answer === null).length;

console.log(
  JSON.stringify({
    bench: 'aggregate',
    questions: QUESTIONS,
    samples_per_question: SAMPLES,
    text_chars_mean: Math.round(texts.flat().reduce((sum, t) => sum + t.length, 0) / total),
    no_answer_rate: Number((abstained / total).toFixed(4)),
    extract_ms: round(extractMs),
    aggregate_ms: round(aggregateMs),
    total_ms: round(extractMs + aggregateMs),
    samples_per_s: Math.round(total / ((extractMs + aggregateMs) / 1000)),
    naive_vote_ms: round(naiveMs),
    aggregate_vs_naive_vote: round(aggregateMs / naiveMs),
    extract_share: round(extractMs / (extractMs + aggregateMs)),
    lazy_extract_and_aggregate_ms: round(lazyMs),
    lazy_vs_pre_extracted: round(lazyMs / (extractMs + aggregateMs)),
    winners_agree_with_naive: agree / QUESTIONS,
    runs: RUNS,
    node: process.version,
  }),
);

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
