/**
 * The engine's loop for one question: draw samples from a backend with up to `concurrency` in flight,
 * ask the stop rule after each finished sample, cancel what is still running the moment it says stop
 * (their partial tokens still count), and hand every sample to the strategy.
 */
import type { AnswerKind } from '../answers/answer-kind.js';
import type { Backend, GenerateRequest, SamplingOptions } from '../backends/backend.js';
import { calibrateDecision, checkCalibrationUse } from '../calibration/apply-calibration.js';
import type { CalibrationArtifact } from '../calibration/artifact.js';
import { BackendError, InvalidInputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import type { Decision, Prompt, Sample, StopInfo } from '../core/types.js';
import type { StopRule, StopSession, StopState } from '../stopping/stop-rule.js';
import type { Strategy } from '../strategies/strategy.js';
import { isUsable, tallyVotes } from '../strategies/vote-table.js';
import type { SolveEvent } from './events.js';
import { TokenBudget } from './token-budget.js';

export interface SolveOptions {
  backend: Backend;
  prompt: Prompt;
  answerKind: AnswerKind;
  strategy: Strategy;
  /** Most samples to draw. */
  maxSamples: number;
  /** Most completion tokens over all samples, cancelled ones included. */
  maxTotalTokens?: number;
  /** When to stop early; without one, all `maxSamples` are drawn. */
  stopRule?: StopRule;
  /** Generations in flight at once. Default 4. */
  concurrency?: number;
  sampling?: SamplingOptions;
  logprobs?: boolean;
  topLogprobs?: number;
  /**
   * Ask for exact per-token entropy and self-certainty (backends that see the full distribution, i.e.
   * the embedded model; others ignore it). Needed by the `self-certainty-exact` signal.
   */
  distributionStats?: boolean;
  /** Sample i is requested with seed deriveSeed(seed, 'sample', i). */
  seed: number;
  /** Aborting ends sampling; the samples so far are still decided on (stop rule `caller`). */
  signal?: AbortSignal;
  onEvent?: (event: SolveEvent) => void;
  /** Clock in milliseconds, injectable for deterministic tests. Default `performance.now`. */
  now?: () => number;
  /**
   * A calibration (`quorum calibrate`, readCalibration): the decision's confidence becomes its calibrated
   * probability of being right, the raw one kept in `raw`, and it abstains below the certified threshold.
   */
  calibration?: CalibrationArtifact;
}

/** The decision with every sample drawn (cancelled and failed ones included) and the wall time it took. */
export interface SolveResult extends Decision {
  samples: Sample[];
  elapsedMs: number;
}

interface InFlight {
  ordinal: number;
  reservation: number;
  startedAt: number;
  done: Promise<{ ordinal: number; sample: Sample }>;
}

function validate(o: SolveOptions): void {
  if (!Number.isInteger(o.maxSamples) || o.maxSamples < 1) {
    throw new InvalidInputError(`maxSamples must be a positive integer, got ${String(o.maxSamples)}`);
  }
  const c = o.concurrency ?? 4;
  if (!Number.isInteger(c) || c < 1) throw new InvalidInputError(`concurrency must be a positive integer, got ${String(c)}`);
  if (o.maxTotalTokens !== undefined && !(o.maxTotalTokens >= 1)) throw new InvalidInputError(`maxTokens must be at least 1, got ${String(o.maxTotalTokens)}`);
  const k = o.stopRule?.needsTopLogprobs;
  if (k !== undefined && (!o.backend.capabilities.streaming || o.backend.capabilities.topLogprobs < 1)) {
    throw new InvalidInputError(
      `stop rule ${o.stopRule?.name ?? ''} cancels generations from streamed top-k logprobs, which backend ${o.backend.id} cannot give; use a streaming backend with top logprobs (e.g. the embedded model) or another rule`,
    );
  }
  if (o.calibration !== undefined) checkCalibrationUse(o.calibration, { strategy: o.strategy.name, logprobs: o.logprobs === true || (o.topLogprobs ?? 0) > 0 });
}

export async function solve(options: SolveOptions): Promise<SolveResult> {
  validate(options);
  const { backend, answerKind: answers, strategy, stopRule: rule, onEvent } = options;
  const now = options.now ?? (() => performance.now());
  const concurrency = options.concurrency ?? 4;
  const limit = Math.min(options.maxSamples, rule?.maxSamples ?? Infinity);
  const budget = new TokenBudget(options.maxTotalTokens ?? Infinity);
  const session: StopSession | undefined = rule?.begin();
  const topLogprobs = Math.max(options.topLogprobs ?? 0, Math.min(rule?.needsTopLogprobs ?? 0, backend.capabilities.topLogprobs));
  const controller = new AbortController();
  const onCallerAbort = (): void => finish({ rule: 'caller', reason: 'cancelled through the AbortSignal' });
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const started = now();
  const samples: Sample[] = [];
  const inFlight = new Map<number, InFlight>();
  let launched = 0;
  let lengthCap = Infinity;
  let stopInfo: StopInfo | undefined;
  const state = (): StopState => ({ samples, maxSamples: limit, answerKind: answers, inFlight: inFlight.size });
  function finish(info: StopInfo): void {
    if (stopInfo !== undefined) return;
    stopInfo = info;
    onEvent?.({ type: 'stop', rule: info.rule, reason: info.reason });
    controller.abort();
  }
  // A getter, so control-flow narrowing does not forget that finish() sets it.
  const stopped = (): StopInfo => stopInfo as StopInfo;
  if (options.signal?.aborted) onCallerAbort();

  const launch = (): boolean => {
    const reservation = budget.reserve(concurrency - inFlight.size, options.sampling?.maxTokens ?? Infinity);
    if (reservation === 0) return false;
    const ordinal = launched++;
    const watcher = session?.watch?.(ordinal);
    let streamed = 0;
    const request: GenerateRequest = {
      ...options.sampling,
      prompt: options.prompt,
      n: 1,
      seed: deriveSeed(options.seed, 'sample', ordinal),
      signal: controller.signal,
      onToken: (_index, token) => {
        streamed++;
        if (watcher?.(token) === 'cancel' || streamed > lengthCap) return 'cancel';
      },
    };
    if (Number.isFinite(reservation)) request.maxTokens = reservation;
    if (options.logprobs || topLogprobs > 0) request.logprobs = true;
    if (topLogprobs > 0) request.topLogprobs = topLogprobs;
    if (options.distributionStats === true) request.distributionStats = true;
    const done = (async () => {
      for await (const sample of backend.generate(request)) return { ordinal, sample };
      throw new BackendError(`backend ${backend.id} ended a request without yielding its sample`);
    })();
    inFlight.set(ordinal, { ordinal, reservation, startedAt: now(), done });
    return true;
  };

  let failure: unknown;
  const canLaunch = (): boolean => stopInfo === undefined && inFlight.size < concurrency && launched < limit;
  while (true) {
    while (canLaunch() && launch());
    if (inFlight.size === 0) break;
    let finished: { ordinal: number; sample: Sample };
    try {
      finished = await Promise.race([...inFlight.values()].map((f) => f.done));
    } catch (error) {
      // A whole request failed (bad configuration, unreachable model): stop the rest, then report it.
      failure ??= error;
      finish({ rule: 'error', reason: error instanceof Error ? error.message : String(error) });
      await Promise.allSettled([...inFlight.values()].map((f) => f.done));
      break;
    }
    const flight = inFlight.get(finished.ordinal) as InFlight;
    inFlight.delete(finished.ordinal);
    const sample: Sample = { ...finished.sample, index: finished.ordinal, latencyMs: now() - flight.startedAt };
    if (sample.status === 'ok' && sample.answer === undefined) sample.answer = answers.extract(sample.text);
    budget.settle(flight.reservation, sample.tokens);
    samples.push(sample);
    onEvent?.({ type: 'sample', sample });
    if (isUsable(sample, answers)) onEvent?.({ type: 'votes', votes: tallyVotes(samples, answers) });
    if (stopInfo !== undefined) continue;
    const verdict = session?.check(state()) ?? { stop: false };
    if (verdict.stop) finish({ rule: rule?.name ?? 'none', reason: verdict.reason });
    else lengthCap = session?.lengthCap?.(state()) ?? Infinity;
  }
  options.signal?.removeEventListener('abort', onCallerAbort);
  if (failure !== undefined) throw failure;
  finish({
    rule: rule?.name ?? 'none',
    reason: launched >= limit ? `budget: ${limit} samples` : `budget: ${String(options.maxTotalTokens)} tokens`,
  });

  session?.end?.(samples, answers);
  const aggregated: Decision = {
    ...(await strategy.aggregate(samples, {
      answerKind: answers,
      seed: options.seed,
      prompt: options.prompt,
      backend,
      ...(options.signal ? { signal: options.signal } : {}),
    })),
    stop: stopped(),
  };
  const decision = options.calibration === undefined ? aggregated : calibrateDecision(options.calibration, aggregated, samples);
  onEvent?.({ type: 'decision', decision });
  return { ...decision, samples, elapsedMs: now() - started };
}
