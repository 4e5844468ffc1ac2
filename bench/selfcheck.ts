/**
 * SelfCheckGPT on the shared WikiBio recording (119 GPT-3 passages, 959 labelled sentences, 20 samples
 * each), one JSON line per variant: NonFact / NonFact* / Factual AUC-PR and passage-level Pearson /
 * Spearman (in %, SelfCheckGPT's definitions, src/eval/selfcheck-figures.ts).
 *
 * - random: seeded random sentence scores, mean over 10 seeds (and the share of positives, chance's expectation).
 * - unigram/bigram max/avg: src/selfcheck/ngram.ts on the recorded samples.
 * - nli-recorded, bert-recorded: the paper's own per-sentence scores, read from the recording.
 * - prompt-replayed: the Prompt variant through `selfCheck()` — prompts built, sent to the recorded-judge
 *   backend, its answers parsed and averaged — asking every pair; must reproduce 92.5 / 69.9 within 0.2.
 * - judge-call stopping: the support rule's curve is fitted and its delta / minCalls chosen on the
 *   even-indexed passages (tuning half: the cheapest setting whose mean NonFact loss there over 3 seeded orders is ≤ 0.5 pt); it is
 *   reported on the odd-indexed passages (held-out half) over 10 seeded sample orders, against every
 *   pair and against the naive agreement rule on the same half.
 *
 *   flock /work/.heavy.lock npx tsx bench/selfcheck.ts
 */
import { readFileSync } from 'node:fs';
import { createRng } from '../src/core/rng.js';
import { chanceFigures, selfCheckFigures, type SelfCheckFigures } from '../src/eval/selfcheck-figures.js';
import { mean } from '../src/eval/stats.js';
import { askEveryPair, fitSupportCurve, stopOnAgreement, stopOnSupport, SUPPORT_STOP_DEFAULTS, type JudgeStop } from '../src/selfcheck/judge-stop.js';
import { ngramScores } from '../src/selfcheck/ngram.js';
import { createRecordedJudgeBackend } from '../src/selfcheck/recorded-judge.js';
import { selfCheck } from '../src/selfcheck/self-check.js';
import { lexicalSupport } from '../src/selfcheck/support.js';
import { parseWikiBioRecording, type LabelledPassage } from '../src/selfcheck/wikibio-recording.js';
import { sharedPath } from '../test/shared.js';

const SEEDS = 10;
const file = sharedPath('data', 'hallucination', 'selfcheckgpt-wikibio', 'result-original-samples.json');
const passages = parseWikiBioRecording(readFileSync(file, 'utf8'), file);
const tuning = passages.filter((_, i) => i % 2 === 0);
const heldOut = passages.filter((_, i) => i % 2 === 1);
const judge = createRecordedJudgeBackend(passages);

const pct = (x: number): number => Number((100 * x).toFixed(2));
const figures = (f: Partial<SelfCheckFigures>): Record<string, number> =>
  Object.fromEntries(['nonFact', 'nonFactStar', 'factual', 'pearson', 'spearman'].flatMap((k) => (f[k as keyof SelfCheckFigures] === undefined ? [] : [[k, pct(f[k as keyof SelfCheckFigures] as number)]])));
const print = (line: Record<string, unknown>): void => console.log(JSON.stringify(line));
const scoredBy = (set: readonly LabelledPassage[], scores: (p: LabelledPassage) => readonly number[]) => set.map((p) => ({ labels: p.labels, scores: scores(p) }));

// Chance: the share of positives, and seeded random rankings.
const randomRuns = Array.from({ length: SEEDS }, (_, seed) => {
  const rng = createRng(seed);
  return selfCheckFigures(scoredBy(passages, (p) => p.sentences.map(() => rng.next())));
});
print({
  variant: 'random',
  passages: passages.length,
  sentences: randomRuns[0]?.sentences,
  seeds: SEEDS,
  ...Object.fromEntries(['nonFact', 'nonFactStar', 'factual'].map((k) => [k, pct(mean(randomRuns.map((r) => r[k as 'nonFact'])))])),
  positiveShare: figures(chanceFigures(passages)),
});

for (const n of [1, 2]) {
  const scores = new Map(passages.map((p) => [p, ngramScores(p.sentences, p.samples, { n }).sentences]));
  for (const aggregate of ['max', 'avg'] as const) {
    const name = `${n === 1 ? 'unigram' : 'bigram'}-${aggregate}`;
    print({ variant: name, ...figures(selfCheckFigures(scoredBy(passages, (p) => (scores.get(p) ?? []).map((s) => s[aggregate])))) });
  }
}
for (const variant of ['nli', 'bert']) {
  print({ variant: `${variant}-recorded`, ...figures(selfCheckFigures(scoredBy(passages, (p) => p.scores[variant] ?? []))) });
}

interface JudgedRun {
  figures: SelfCheckFigures;
  calls: number;
  sentences: number;
}

/** The Prompt variant over `set` through selfCheck() and the recorded judge. */
async function promptRun(set: readonly LabelledPassage[], stop: JudgeStop, seed: number): Promise<JudgedRun> {
  let calls = 0;
  const scored = [];
  for (const p of set) {
    const result = await selfCheck({ passage: p.passage, sentences: p.sentences, samples: p.samples, method: 'prompt', judge: { backend: judge, stop }, seed });
    calls += result.usage.judge.calls;
    scored.push({ labels: p.labels, scores: result.sentences.map((s) => s.score ?? Number.NaN) });
  }
  return { figures: selfCheckFigures(scored), calls, sentences: scored.reduce((n, p) => n + p.labels.length, 0) };
}

const callsBefore = judge.calls;
const started = performance.now();
const all = await promptRun(passages, askEveryPair(), 0);
const reference = { nonFact: 92.54, factual: 69.86 };
print({
  variant: 'prompt-replayed',
  ...figures(all.figures),
  judgeCallsPerSentence: Number((all.calls / all.sentences).toFixed(2)),
  judgeCallsPerPassage: Number((all.calls / passages.length).toFixed(1)),
  backendCalls: judge.calls - callsBefore,
  reference,
  reproduces: Math.abs(pct(all.figures.nonFact) - reference.nonFact) <= 0.2 && Math.abs(pct(all.figures.factual) - reference.factual) <= 0.2,
  ms: Math.round(performance.now() - started),
});

// Tuning half: fit the support curve on every pair's verdict, then choose delta and minCalls.
const observations = tuning.flatMap((p) => {
  const support = lexicalSupport(p.sentences, p.samples);
  return p.judge.flatMap((row, i) => row.map((answer, n) => ({ support: support[i]?.[n] ?? 0, yes: answer.trim().toLowerCase().startsWith('yes') })));
});
const curve = fitSupportCurve(observations);
const tuningAll = await promptRun(tuning, askEveryPair(), 0);
const grid = [0.5, 0.6, 0.7, 0.8, 0.9, 1].flatMap((delta) => [1, 2, 3, 4, 5].map((minCalls) => ({ delta, minCalls })));
const TUNING_SEEDS = 3;
const tried = [];
for (const setting of grid) {
  const runs = [];
  for (let seed = 0; seed < TUNING_SEEDS; seed++) runs.push(await promptRun(tuning, stopOnSupport({ ...setting, ...curve }), seed));
  tried.push({ ...setting, callsPerSentence: mean(runs.map((r) => r.calls / r.sentences)), loss: pct(tuningAll.figures.nonFact) - mean(runs.map((r) => pct(r.figures.nonFact))) });
}
const chosen = tried.filter((t) => t.loss <= 0.5).toSorted((a, b) => a.callsPerSentence - b.callsPerSentence)[0];
if (chosen === undefined) throw new Error('no support-rule setting keeps the tuning loss within 0.5 pt');
const round3 = (x: number): number => Number(x.toFixed(3));
print({
  variant: 'prompt-stop-tuning',
  split: 'even-indexed passages',
  passages: tuning.length,
  allPairsNonFact: pct(tuningAll.figures.nonFact),
  curve: { intercept: round3(curve.intercept), slope: round3(curve.slope) },
  chosen: { delta: chosen.delta, minCalls: chosen.minCalls, callsPerSentence: Number(chosen.callsPerSentence.toFixed(2)), lossPt: Number(chosen.loss.toFixed(2)) },
  matchesLibraryDefaults:
    chosen.delta === SUPPORT_STOP_DEFAULTS.delta &&
    chosen.minCalls === SUPPORT_STOP_DEFAULTS.minCalls &&
    round3(curve.intercept) === SUPPORT_STOP_DEFAULTS.intercept &&
    round3(curve.slope) === SUPPORT_STOP_DEFAULTS.slope,
});

// Held-out half: every pair, the naive rule and the tuned support rule, over seeded orders.
const heldOutAll = await promptRun(heldOut, askEveryPair(), 0);
const summary = (runs: readonly JudgedRun[]) => {
  const nonFact = runs.map((r) => pct(r.figures.nonFact));
  return {
    ...figures({
      nonFact: mean(runs.map((r) => r.figures.nonFact)),
      nonFactStar: mean(runs.map((r) => r.figures.nonFactStar)),
      factual: mean(runs.map((r) => r.figures.factual)),
      pearson: mean(runs.map((r) => r.figures.pearson)),
      spearman: mean(runs.map((r) => r.figures.spearman)),
    }),
    nonFactRange: [Math.min(...nonFact), Math.max(...nonFact)],
    judgeCallsPerSentence: Number(mean(runs.map((r) => r.calls / r.sentences)).toFixed(2)),
    judgeCallsPerPassage: Number(mean(runs.map((r) => r.calls / heldOut.length)).toFixed(1)),
    nonFactLossPt: Number((pct(heldOutAll.figures.nonFact) - mean(nonFact)).toFixed(2)),
  };
};
print({ variant: 'prompt-all-pairs', split: 'odd-indexed passages (held out)', passages: heldOut.length, ...figures(heldOutAll.figures), judgeCallsPerSentence: 20 });
for (const [name, stop] of [
  ['prompt-stop-agreement(3)', stopOnAgreement(3)],
  ['prompt-stop-agreement(4)', stopOnAgreement(4)],
  ['prompt-stop-support', stopOnSupport({ delta: chosen.delta, minCalls: chosen.minCalls, ...curve })],
] as const) {
  const runs = [];
  for (let seed = 0; seed < SEEDS; seed++) runs.push(await promptRun(heldOut, stop, seed));
  const line = summary(runs);
  print({
    variant: name,
    rule: stop.name,
    split: 'odd-indexed passages (held out)',
    seeds: SEEDS,
    ...line,
    target: { callsPerSentenceAtMost: 6.7, lossPtAtMost: 0.5, met: line.judgeCallsPerSentence <= 6.7 && line.nonFactLossPt <= 0.5 },
  });
}
