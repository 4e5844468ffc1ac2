/**
 * One loop: what `quorum eval --stop` reports (the scheduler on the virtual driver, over recorded samples)
 * is what solve() does (the scheduler on the live driver, over a replay backend whose generations take
 * virtual time). For recorded pools, several seeds, concurrencies and rules — one rule instance per
 * file, so `auto` learns across questions in both — the stop point, every sample, the tokens, the
 * latency and the decision must be identical.
 */
import { describe, expect, it } from 'vitest';
import { loadSamplePool } from '../backends/replay/load-sample-pool.js';
import type { RecordedQuestion } from '../backends/replay/recorded-question.js';
import { createReplayBackend } from '../backends/replay/replay-backend.js';
import type { Sample } from '../core/types.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { evaluateStopping } from '../eval/evaluate-stopping.js';
import { gradeDecision } from '../eval/eval-question.js';
import { drawSamples } from '../eval/simulate-question.js';
import { simulateStopping } from '../eval/simulate-stopping.js';
import { betaRule } from '../stopping/beta.js';
import { parseStopRule } from '../stopping/registry.js';
import type { StopRule } from '../stopping/stop-rule.js';
import { majority } from '../strategies/majority.js';
import { sharedPath } from '../../test/shared.js';
import { solve } from './solve.js';

const trace = (samples: readonly Sample[]): string[] =>
  samples.map((s) => `${s.index}:${s.status}:${s.finishReason}:${s.tokens}:${s.answer ?? '-'}`);

interface Case {
  questions: RecordedQuestion[];
  /** A stop-rule spec, or a factory for a rule the registry does not have. */
  spec: string | (() => StopRule);
  concurrency: number;
  seed: number;
  streaming: boolean;
  maxSamples?: number;
  maxTotalTokens?: number;
}

/** What the compared runs went through, so a test can check it exercised what it claims. */
const seen = { aborted: 0, length: 0, stops: new Set<string>() };

/** Every question of the case through both drivers; one rule instance per driver, as in a run. */
async function compare(c: Case): Promise<number> {
  const make = typeof c.spec === 'string' ? () => parseStopRule(c.spec as string) : c.spec;
  const simulatedRule = make();
  const liveRule = make();
  const clock = new VirtualClock();
  const backend = createReplayBackend(c.questions, { seed: c.seed, clock, streaming: c.streaming });
  let compared = 0;
  for (const q of c.questions) {
    const maxSamples = Math.min(c.maxSamples ?? q.samples.length, q.samples.length);
    const simulated = simulateStopping({
      pool: drawSamples(q, q.samples.length, c.seed),
      rule: simulatedRule,
      answerKind: q.answerKind,
      concurrency: c.concurrency,
      maxSamples,
      ...(c.maxTotalTokens !== undefined && { maxTotalTokens: c.maxTotalTokens }),
    });
    const startedAt = clock.now();
    const live = await clock.run(() =>
      solve({
        backend,
        prompt: q.id,
        answerKind: q.answerKind,
        strategy: majority(),
        maxSamples,
        stopRule: liveRule,
        concurrency: c.concurrency,
        seed: c.seed,
        now: clock.now,
        ...(c.maxTotalTokens !== undefined && { maxTotalTokens: c.maxTotalTokens }),
      }),
    );
    backend.reset();
    const where = `${simulatedRule.name} c=${c.concurrency} seed=${c.seed} question ${q.id}`;
    expect(trace(live.samples), where).toEqual(trace(simulated.samples));
    expect(live.stop, where).toEqual(simulated.stop);
    expect(live.usage.completionTokens, where).toBe(simulated.tokens);
    expect(live.elapsedMs, where).toBe(simulated.latency);
    expect(clock.now() - startedAt, where).toBe(simulated.latency);
    const decided = await majority().aggregate(simulated.samples, { answerKind: q.answerKind, seed: c.seed });
    expect(live.answer, where).toBe(decided.answer);
    seen.aborted += live.samples.filter((s) => s.status === 'aborted').length;
    seen.length += live.samples.filter((s) => s.finishReason === 'length').length;
    seen.stops.add(live.stop?.reason.replace(/[\d.]+/g, '#') ?? '');
    compared++;
  }
  return compared;
}

/** beta, plus a cap that binds often and is not a whole number: 1.5 tokens under the shortest finished answer. */
const tightCap = (): StopRule => {
  const beta = betaRule();
  return {
    name: 'beta+tight-cap',
    begin: () => {
      const session = beta.begin();
      return {
        check: (state) => session.check(state),
        lengthCap: (state) => {
          const lengths = state.samples.filter((s) => s.status === 'ok').map((s) => s.tokens);
          return lengths.length === 0 ? undefined : Math.min(...lengths) - 1.5;
        },
      };
    },
  };
};

const boinf = (name: string) => loadSamplePool(sharedPath('data', 'samples', 'boinf', `analysis_${name}.jsonl`));

describe('engine parity: solve() on virtual time = evaluation on recorded samples', () => {
  it('agrees on BoInf recordings for beta, esc, short-m@k and auto at concurrency 1, 4, 8 and 16', async () => {
    const pools = await Promise.all(['aime2025_gpt-oss-20b', 'gpqa_diamond_Phi-4-reasoning'].map(boinf));
    let compared = 0;
    for (const pool of pools) {
      const questions = pool.questions.slice(0, 12);
      for (const spec of ['beta', 'esc', 'short:k=8,m=3', 'auto']) {
        for (const concurrency of [1, 4, 8, 16]) {
          for (const seed of [1, 2]) compared += await compare({ questions, spec, concurrency, seed, streaming: false });
        }
      }
    }
    expect(compared).toBe(2 * 12 * 4 * 4 * 2);
    expect(seen.aborted).toBeGreaterThan(100);
  }, 120_000);

  it('agrees with token streaming, length caps, a sample budget and a token budget (toy-arith recording)', async () => {
    const pool = await loadSamplePool(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'), { modes: ['T0.8', 'T1'] });
    const questions = pool.questions.slice(0, 10);
    let compared = 0;
    seen.aborted = 0;
    seen.stops.clear();
    for (const concurrency of [1, 3, 8]) {
      compared += await compare({ questions, spec: 'auto:lengthCap=1.2,lengthCapAfter=2', concurrency, seed: 5, streaming: true });
      compared += await compare({ questions, spec: tightCap, concurrency, seed: 4, streaming: true });
    }
    const cappedAway = seen.aborted;
    for (const concurrency of [1, 3, 8]) {
      compared += await compare({ questions, spec: 'beta', concurrency, seed: 6, streaming: true, maxSamples: 12, maxTotalTokens: 200 });
    }
    expect(compared).toBe(9 * 10);
    // Length caps cancelled generations, token limits cut some, and the token budget ended some runs.
    expect(cappedAway).toBeGreaterThan(10);
    expect(seen.length).toBeGreaterThan(0);
    expect([...seen.stops]).toContain('budget: # tokens');
  }, 120_000);

  it('reports, through evaluateStopping, the figures of solve() run question by question', async () => {
    const pool = await boinf('aime2024_Qwen3-4B');
    const questions = pool.questions.slice(0, 10);
    const [row] = await evaluateStopping({ questions, strategies: [majority()], makeRule: () => parseStopRule('auto'), concurrency: [8], seeds: 1, seed: 9 });
    if (row === undefined) throw new Error('no row');
    const seed = (await import('../core/rng.js')).deriveSeed(9, 'trial', 0);
    const clock = new VirtualClock();
    const backend = createReplayBackend(questions, { seed, clock, streaming: false });
    const rule = parseStopRule('auto');
    let correct = 0;
    let latency = 0;
    let samples = 0;
    for (const q of questions) {
      const result = await clock.run(() =>
        solve({ backend, prompt: q.id, answerKind: q.answerKind, strategy: majority(), maxSamples: q.samples.length, stopRule: rule, concurrency: 8, seed: 9, now: clock.now }),
      );
      correct += gradeDecision(result, q).tieCredit;
      latency += result.elapsedMs;
      samples += result.samples.length;
    }
    expect(row.accuracy).toBeCloseTo((100 * correct) / questions.length, 10);
    expect(row.latencyTokens).toBeCloseTo(latency / questions.length, 10);
    expect(row.samplesPerQuestion).toBeCloseTo(samples / questions.length, 10);
  }, 60_000);
});
