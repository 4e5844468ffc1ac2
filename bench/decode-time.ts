/**
 * Decode-time methods on the embedded model (docs/decoding.md): the 200 toy-arith dev problems with
 * toy-arith-sf, 8 samples each (16 for T = 1 raw, the self-consistency baseline), one seed per problem
 * shared by every setting. Settings: raw, top-p 0.9, min-p 0.1 and Top-H 0.4 at T = 1, 2, 3, in both
 * orders where the order changes the distribution (a probability filter at T ≠ 1); greedy; CNTP
 * (T = 1, N_max 10) alone and voted. One JSON line per setting: per-sample accuracy (all problems and
 * dev 0–59), majority@8, generated tokens (CNTP's discarded continuations included) and wall time per
 * generated token. Then one line comparing CNTP with greedy, T = 1 sampling and self-consistency at
 * equal generated tokens, and one line of checks: the token-level path's time per token against the
 * native path's, measured in this run on the same problems (interleaved), must be at most 2×.
 *
 * Run: nice -n 10 npx tsx bench/decode-time.ts [--problems 200] [--table docs/decoding.md]
 * `--table` rewrites the table between the decode-time markers of that file from this run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sharedPath } from '../test/shared.js';
import type { GenerateRequest } from '../src/backends/backend.js';
import { collectSamples } from '../src/backends/collect-samples.js';
import { createLlamaBackend, type LlamaBackend } from '../src/backends/llama/llama-backend.js';
import { deriveSeed } from '../src/core/rng.js';
import type { Sample } from '../src/core/types.js';
import { formatDecoding, resolveDecoding } from '../src/decoding/decoding.js';
import { orderMatters, parseSamplerSpec } from '../src/decoding/sampler-spec.js';
import { toyArithAnswers } from '../src/answers/toy-arith.js';
import { majority } from '../src/strategies/majority.js';

const { values } = parseArgs({ options: { problems: { type: 'string', default: '200' }, table: { type: 'string' } } });
const MODEL = sharedPath('models', 'toy-arith-sf', 'toy-arith-sf.gguf');
const SAMPLES = 8;
const BASELINE_SAMPLES = 16;
const MAX_TOKENS = 80;
/** The figures of issue 17 (dev 0–59 × 8, temperature first), per-sample accuracy in %. */
const FIGURES: Record<string, number> = {
  'temperature=1,order=truncate-first': 83.8,
  'temperature=2,order=truncate-first': 20.2,
  'temperature=2,top-p=0.9,order=temperature-first': 59.6,
  'temperature=2,min-p=0.1,order=temperature-first': 72.7,
  'temperature=2,top-h=0.4,top-h-n=100,order=temperature-first': 81.9,
  'temperature=3,min-p=0.1,order=temperature-first': 40.8,
  'temperature=3,top-h=0.4,top-h-n=100,order=temperature-first': 28.3,
};

interface Problem {
  id: string;
  question: string;
  answer: number;
}
const problems = (readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)) as Problem[]).slice(
  0,
  Number(values.problems),
);

interface Setting {
  name: string;
  request: Pick<GenerateRequest, 'sampler' | 'decode'>;
  samples: number;
  path?: 'native' | 'token-level';
}

interface Measured {
  /** Per problem, its samples in index order. */
  samples: Sample[][];
  ms: number;
}

const right = (sample: Sample, problem: Problem): boolean => toyArithAnswers.extract(sample.text) === String(problem.answer);
const percent = (part: number, whole: number): number => Math.round((1000 * part) / whole) / 10;

async function draw(backend: LlamaBackend, setting: Setting, problem: Problem): Promise<{ samples: Sample[]; ms: number }> {
  const started = performance.now();
  const samples = await collectSamples(
    backend.generate({ prompt: problem.question, n: setting.samples, maxTokens: MAX_TOKENS, stopSequences: ['\n'], seed: deriveSeed(1, problem.id), ...setting.request }),
  );
  const failed = samples.find((s) => s.status !== 'ok');
  if (failed) throw new Error(`${setting.name} on ${problem.id}: ${failed.error?.message ?? failed.status}`);
  return { samples: samples.toSorted((a, b) => a.index - b.index), ms: performance.now() - started };
}

async function measure(backend: LlamaBackend, setting: Setting): Promise<Measured> {
  const measured: Measured = { samples: [], ms: 0 };
  for (const problem of problems) {
    const { samples, ms } = await draw(backend, setting, problem);
    measured.samples.push(samples);
    measured.ms += ms;
  }
  return measured;
}

/** The native and token-level paths on the same problems, alternating which goes first. */
async function measurePair(native: LlamaBackend, tokenLevel: LlamaBackend, setting: Setting): Promise<[Measured, Measured]> {
  const pair: [Measured, Measured] = [
    { samples: [], ms: 0 },
    { samples: [], ms: 0 },
  ];
  for (const [i, problem] of problems.entries()) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const { samples, ms } = await draw(which === 0 ? native : tokenLevel, setting, problem);
      pair[which]!.samples[i] = samples;
      pair[which]!.ms += ms;
    }
  }
  return pair;
}

const tokensOf = (samples: readonly Sample[]): number => samples.reduce((sum, s) => sum + s.tokens, 0);

async function majorityRight(samples: Sample[], problem: Problem, seed: number): Promise<boolean> {
  const decision = await majority().aggregate(
    samples.map((s) => ({ ...s, answer: toyArithAnswers.extract(s.text) })),
    { answerKind: toyArithAnswers, seed },
  );
  return decision.answer === String(problem.answer);
}

async function majorityAt(measured: Measured, k: number): Promise<number> {
  let correct = 0;
  for (const [i, problem] of problems.entries()) if (await majorityRight((measured.samples[i] ?? []).slice(0, k), problem, i)) correct++;
  return percent(correct, problems.length);
}

function perSample(measured: Measured, upTo = problems.length, k = Infinity): number {
  let correct = 0;
  let total = 0;
  for (const [i, problem] of problems.slice(0, upTo).entries()) {
    for (const sample of (measured.samples[i] ?? []).slice(0, k)) {
      total++;
      if (right(sample, problem)) correct++;
    }
  }
  return percent(correct, total);
}

async function line(setting: Setting, measured: Measured): Promise<Record<string, unknown>> {
  const texts = formatDecoding(resolveDecoding(setting.request));
  const tokens = measured.samples.reduce((sum, samples) => sum + tokensOf(samples), 0);
  // The figures are for standard decoding; CNTP shares its sampler with raw T = 1.
  const figure = texts.decode === 'standard' ? FIGURES[texts.sampler] : undefined;
  return {
    setting: setting.name,
    sampler: texts.sampler,
    decode: texts.decode,
    path: setting.path ?? (setting.request.decode !== undefined ? 'cntp' : 'auto'),
    problems: problems.length,
    samplesPerProblem: setting.samples,
    perSample: perSample(measured),
    perSample0to59: perSample(measured, 60, SAMPLES),
    ...(figure !== undefined && { figure0to59: figure }),
    ...(setting.samples >= SAMPLES && { majority8: await majorityAt(measured, SAMPLES) }),
    generatedTokens: tokens,
    tokensPerSample: Math.round((10 * tokens) / (problems.length * setting.samples)) / 10,
    msPerToken: Math.round((1000 * measured.ms) / tokens) / 1000,
  };
}

const settings = (): Setting[] => {
  const out: Setting[] = [];
  for (const t of [2, 3]) out.push({ name: `raw T=${t}`, request: { sampler: `temperature=${t}` }, samples: SAMPLES });
  for (const t of [1, 2, 3]) {
    for (const filter of ['top-p=0.9', 'min-p=0.1', 'top-h=0.4']) {
      for (const order of ['temperature-first', 'truncate-first']) {
        const sampler = `temperature=${t},${filter},order=${order}`;
        // At T = 1 both orders are one distribution: run it once, under the papers' order.
        if (!orderMatters(parseSamplerSpec(sampler)) && order === 'truncate-first') continue;
        out.push({ name: `${filter} T=${t}${orderMatters(parseSamplerSpec(sampler)) ? ` ${order}` : ''}`, request: { sampler }, samples: SAMPLES });
      }
    }
  }
  return out;
};

const print = (value: Record<string, unknown>): void => console.log(JSON.stringify(value));

const native = await createLlamaBackend({ model: MODEL, threads: 1, parallel: SAMPLES });
const tokenLevel = await createLlamaBackend({ model: MODEL, threads: 1, parallel: SAMPLES, samplerPath: 'token-level' });
const lines: Record<string, unknown>[] = [];
const emit = async (setting: Setting, measured: Measured): Promise<void> => {
  const value = await line(setting, measured);
  lines.push(value);
  print(value);
};
try {
  const rawT1: Setting = { name: 'raw T=1', request: { sampler: 'temperature=1' }, samples: BASELINE_SAMPLES };
  const [rawNative, rawTokenLevel] = await measurePair(native, tokenLevel, rawT1);
  await emit({ ...rawT1, path: 'native' }, rawNative);
  await emit({ ...rawT1, name: 'raw T=1 token-level', path: 'token-level' }, rawTokenLevel);
  for (const setting of settings()) await emit(setting, await measure(native, setting));
  const greedySetting: Setting = { name: 'greedy', request: { sampler: 'temperature=0' }, samples: 1 };
  const greedy = await measure(native, greedySetting);
  await emit(greedySetting, greedy);
  const cntpSetting: Setting = { name: 'CNTP T=1', request: { sampler: 'temperature=1', decode: 'cntp' }, samples: SAMPLES };
  const cntp = await measure(native, cntpSetting);
  await emit(cntpSetting, cntp);

  // Self-consistency at the generated tokens CNTP spent (T = 1 samples, up to the 16 drawn).
  const perSampleTokens = rawNative.samples.reduce((sum, s) => sum + tokensOf(s), 0) / (problems.length * BASELINE_SAMPLES);
  const cntpTokens = (k: number): number => cntp.samples.reduce((sum, s) => sum + tokensOf(s.slice(0, k)), 0) / problems.length;
  const equalTokens = async (k: number): Promise<Record<string, number>> => {
    const m = Math.min(BASELINE_SAMPLES, Math.max(1, Math.round(cntpTokens(k) / perSampleTokens)));
    return {
      cntpSamples: k,
      cntp: k === 1 ? perSample(cntp) : await majorityAt(cntp, k),
      cntpTokensPerProblem: Math.round(cntpTokens(k)),
      selfConsistencySamples: m,
      selfConsistency: m === 1 ? perSample(rawNative) : await majorityAt(rawNative, m),
      selfConsistencyTokensPerProblem: Math.round(m * perSampleTokens),
    };
  };
  const comparison = {
    comparison: 'CNTP vs greedy, T=1 sampling and self-consistency (majority of T=1 samples) at equal generated tokens',
    greedy: perSample(greedy),
    greedyTokensPerProblem: Math.round(tokensOf(greedy.samples.flat()) / problems.length),
    sampledT1: perSample(rawNative, problems.length, SAMPLES),
    one: await equalTokens(1),
    voted: await equalTokens(SAMPLES),
  };
  print(comparison);

  const at = (name: string): Record<string, unknown> => lines.find((l) => l['setting'] === name) ?? {};
  const value = (name: string, field = 'perSample'): number => at(name)[field] as number;
  const t2 = ['raw T=2', 'top-p=0.9 T=2 temperature-first', 'min-p=0.1 T=2 temperature-first', 'top-h=0.4 T=2 temperature-first'].map((n) => value(n));
  const withFigures = lines.filter((l) => l['figure0to59'] !== undefined);
  const checks = {
    checks: 'issue 17',
    orderAtT2TemperatureFirst: t2,
    orderHolds: t2.every((x, i) => i === 0 || x > (t2[i - 1] as number)),
    worstGapToFigures0to59: Math.max(...withFigures.map((l) => Math.abs((l['perSample0to59'] as number) - (l['figure0to59'] as number)))),
    withinFourOfFigures: withFigures.every((l) => Math.abs((l['perSample0to59'] as number) - (l['figure0to59'] as number)) <= 4),
    truncateFirstTopPT2MinusT1: Math.round(10 * (value('top-p=0.9 T=2 truncate-first') - value('top-p=0.9 T=1'))) / 10,
    truncateFirstTopPWithinThree: Math.abs(value('top-p=0.9 T=2 truncate-first') - value('top-p=0.9 T=1')) <= 3,
    tokenLevelOverNativeTimePerToken: Math.round((100 * value('raw T=1 token-level', 'msPerToken')) / value('raw T=1', 'msPerToken')) / 100,
  };
  print({ ...checks, tokenLevelAtMostTwice: checks.tokenLevelOverNativeTimePerToken <= 2 });
  if (values.table !== undefined) writeTable(values.table, comparison);
} finally {
  await native.close();
  await tokenLevel.close();
}

/** Replaces the table between the markers of `file` with this run's numbers. */
function writeTable(file: string, comparison: { greedy: number; sampledT1: number; one: Record<string, number>; voted: Record<string, number> }): void {
  const rows = lines.map(
    (l) =>
      `| ${String(l['setting'])} | \`${String(l['sampler'])}\`${l['decode'] === 'standard' ? '' : ` + \`${String(l['decode'])}\``} | ${String(l['perSample'])} % | ${String(l['perSample0to59'])} %${
        l['figure0to59'] === undefined ? '' : ` (${String(l['figure0to59'])} %)`
      } | ${l['majority8'] === undefined ? '–' : `${String(l['majority8'])} %`} | ${String(l['tokensPerSample'])} | ${String(l['msPerToken'])} |`,
  );
  const { one, voted } = comparison;
  const table = [
    `${problems.length} toy-arith dev problems, toy-arith-sf, ${SAMPLES} samples each (16 for raw T=1), at most ${MAX_TOKENS} tokens, one seed per problem for every setting.`,
    'Per-sample accuracy on dev 0–59 with the figure of issue 17 in brackets; ms per generated token is wall time on one thread of a shared 2-core machine.',
    '',
    '| setting | sampler | per sample | per sample, dev 0–59 | majority@8 | tokens / sample | ms / token |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `CNTP against the baselines at equal generated tokens: one CNTP sample ${String(one['cntp'])} % (${String(one['cntpTokensPerProblem'])} tokens per problem) against greedy ${String(comparison.greedy)} %, one T = 1 sample ${String(comparison.sampledT1)} % and self-consistency over ${String(one['selfConsistencySamples'])} T = 1 samples ${String(one['selfConsistency'])} % (${String(one['selfConsistencyTokensPerProblem'])} tokens); CNTP voted over ${String(voted['cntpSamples'])} ${String(voted['cntp'])} % (${String(voted['cntpTokensPerProblem'])} tokens) against self-consistency over ${String(voted['selfConsistencySamples'])} ${String(voted['selfConsistency'])} % (${String(voted['selfConsistencyTokensPerProblem'])} tokens).`,
  ].join('\n');
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- decode-time:begin -->';
  const end = '<!-- decode-time:end -->';
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${begin} … ${end} block`);
  writeFileSync(file, `${text.slice(0, from + begin.length)}\n${table}\n${text.slice(to)}`);
}
