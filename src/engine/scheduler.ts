/**
 * The engine's one loop, as a pure state machine. Events go in (a job finished, a token streamed, the
 * caller gave up), commands come out (launch a job, cancel one, stop). The scheduler owns concurrency,
 * the token budget, length caps and per-token watchers; a Flow decides what to run and when it is
 * enough. It does no I/O and keeps no clock: every event carries its time.
 *
 * Drivers: `drive-live.ts` runs the commands against real backend promises (solve(), recording);
 * `drive-virtual.ts` runs them on recorded samples with a virtual clock (quorum eval --stop). Both feed
 * the same events in the same order, so what evaluation reports is what the engine does.
 */
import { InvalidInputError } from '../core/errors.js';
import type { GeneratedToken, Sample, StopInfo } from '../core/types.js';
import type { TokenWatcher } from '../stopping/stop-rule.js';
import { TokenBudget } from './token-budget.js';

/** What a flow asks to run: one generation. `request` is the flow's own description of it. */
export interface JobSpec<R> {
  /** What the generation is for: `sample` for a solution; multi-stage flows name their stages. */
  stage: string;
  request: R;
  /** The most tokens this generation may produce on its own (a stage's per-sample limit). */
  maxTokens?: number | undefined;
}

export interface Job<R> extends JobSpec<R> {
  /** Launch order over the whole run, from 0. */
  id: number;
  startedAt: number;
  /** The most tokens the backend is asked for: the job's own limit lowered to its share of the budget. */
  tokenLimit: number;
}

export type Command<R> =
  | { type: 'launch'; job: Job<R> }
  | { type: 'cancel'; id: number }
  /** The run is over (no more launches); cancels for what still runs come with it. */
  | { type: 'stop'; info: StopInfo };

export interface FinishContext {
  now: number;
  /** Generations still running, this one excluded. */
  inFlight: number;
  /** The run has already stopped: this is a cancelled generation coming back, its verdict is ignored. */
  stopping: boolean;
}

/** The policy: what to run next, and when to stop. */
export interface Flow<R> {
  /** Names the rule in budget stops (`{ rule: name, reason: 'budget: …' }`). */
  readonly name: string;
  /** The next generation to start in a free slot, or undefined: nothing to start now. */
  next(): JobSpec<R> | undefined;
  /** A generation ended (any status: finished, failed or cancelled). A StopInfo ends the run. */
  finished(job: Job<R>, sample: Sample, context: FinishContext): StopInfo | undefined;
  /** Why the run ended when the flow had nothing more to start. */
  exhausted(): StopInfo;
  /**
   * The most tokens a running generation may reach: one that grows past it is cancelled. Read at
   * launch and after every finished generation. Needs a streaming driver.
   */
  tokenCap?(job: Job<R>): number | undefined;
  /** A per-token watcher for a job, made at launch; `'cancel'` stops it. Needs a streaming driver. */
  watcher?(job: Job<R>): TokenWatcher | undefined;
}

export interface SchedulerOptions {
  /** Generations in flight at once. */
  concurrency: number;
  /** Most completion tokens over every generation, cancelled ones included. Default: no limit. */
  maxTotalTokens?: number | undefined;
  /** Whether the driver sees tokens as they stream (so length caps and watchers can cancel). Default true. */
  streaming?: boolean;
}

interface Running<R> {
  job: Job<R>;
  streamed: number;
  cap: number;
  watcher: TokenWatcher | undefined;
  cancelled: boolean;
}

export class Scheduler<R> {
  private readonly budget: TokenBudget;
  private readonly concurrency: number;
  private readonly streaming: boolean;
  private readonly runs = new Map<number, Running<R>>();
  /** A job the flow asked for that the budget could not fund yet. */
  private pending: JobSpec<R> | undefined;
  private launched = 0;
  private flowEmpty = false;
  private info: StopInfo | undefined;

  constructor(
    private readonly flow: Flow<R>,
    private readonly options: SchedulerOptions,
  ) {
    const { concurrency, maxTotalTokens } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidInputError(`concurrency must be a positive integer, got ${String(concurrency)}`);
    if (maxTotalTokens !== undefined && !(maxTotalTokens >= 1)) throw new InvalidInputError(`maxTotalTokens must be at least 1, got ${String(maxTotalTokens)}`);
    this.concurrency = concurrency;
    this.budget = new TokenBudget(maxTotalTokens ?? Infinity);
    this.streaming = options.streaming ?? true;
  }

  /** Jobs started and not yet ended, in launch order. */
  get running(): Job<R>[] {
    return [...this.runs.values()].map((r) => r.job);
  }

  /** Nothing runs and nothing more will start. */
  get done(): boolean {
    return this.info !== undefined && this.runs.size === 0;
  }

  /** Why the run ended (or is ending); undefined while it goes on. */
  get stopInfo(): StopInfo | undefined {
    return this.info;
  }

  /** Jobs launched so far. */
  get started(): number {
    return this.launched;
  }

  /** Completion tokens of every ended job so far. */
  get tokensSpent(): number {
    return this.budget.spent;
  }

  start(now: number): Command<R>[] {
    return this.fill(now, []);
  }

  /**
   * The current token cap of a running job (Infinity when none): the virtual driver plans its
   * cancellation from it; the live driver checks each streamed token through `token()`.
   */
  tokenCap(id: number): number {
    return this.runs.get(id)?.cap ?? Infinity;
  }

  /** A running job streamed a token. `'cancel'`: stop that job now (it will come back as ended). */
  token(id: number, token: GeneratedToken): 'cancel' | undefined {
    const run = this.runs.get(id);
    if (run === undefined || run.cancelled) return undefined;
    run.streamed++;
    if (run.watcher?.(token) === 'cancel' || run.streamed > run.cap) {
      run.cancelled = true;
      return 'cancel';
    }
    return undefined;
  }

  /** A job ended with this sample (finished, failed or cancelled). */
  finished(id: number, sample: Sample, now: number): Command<R>[] {
    const run = this.runs.get(id);
    if (run === undefined) throw new Error(`internal: job ${id} ended but is not running`);
    this.runs.delete(id);
    this.budget.settle(run.job.tokenLimit, sample.tokens);
    const stopping = this.info !== undefined;
    const verdict = this.flow.finished(run.job, sample, { now, inFlight: this.runs.size, stopping });
    const commands: Command<R>[] = [];
    if (!stopping && verdict !== undefined) return this.end(verdict, commands);
    // A finished job can give a multi-stage flow new work (a check of the sample that just ended).
    this.flowEmpty = false;
    if (!stopping) this.refreshCaps();
    return this.fill(now, commands);
  }

  /** A job's request failed as a whole: it produced nothing. The run stops with `info`. */
  dropped(id: number, info: StopInfo, now: number): Command<R>[] {
    const run = this.runs.get(id);
    if (run !== undefined) {
      this.runs.delete(id);
      this.budget.settle(run.job.tokenLimit, 0);
    }
    return this.stop(info, now);
  }

  /** Ends the run from outside (the caller aborted, a request failed): cancel what runs, start nothing. */
  stop(info: StopInfo, _now: number): Command<R>[] {
    if (this.info !== undefined) return [];
    return this.end(info, []);
  }

  private end(info: StopInfo, commands: Command<R>[]): Command<R>[] {
    this.info = info;
    this.pending = undefined;
    commands.push({ type: 'stop', info });
    for (const run of this.runs.values()) {
      run.cancelled = true;
      commands.push({ type: 'cancel', id: run.job.id });
    }
    return commands;
  }

  /** Starts jobs while slots, budget and the flow allow; ends the run when nothing runs or can start. */
  private fill(now: number, commands: Command<R>[]): Command<R>[] {
    while (this.info === undefined && this.runs.size < this.concurrency && !this.flowEmpty) {
      const spec = this.pending ?? this.flow.next();
      this.pending = undefined;
      if (spec === undefined) {
        this.flowEmpty = true;
        break;
      }
      const tokenLimit = this.budget.reserve(this.concurrency - this.runs.size, spec.maxTokens ?? Infinity);
      if (tokenLimit === 0) {
        this.pending = spec;
        break;
      }
      // Built field by field: a spread here was a fifth of evaluation's time (a generic copy per launch).
      const job: Job<R> = { stage: spec.stage, request: spec.request, maxTokens: spec.maxTokens, id: this.launched++, startedAt: now, tokenLimit };
      const run: Running<R> = { job, streamed: 0, cap: Infinity, watcher: this.streaming ? this.flow.watcher?.(job) : undefined, cancelled: false };
      this.runs.set(job.id, run);
      run.cap = this.capOf(job);
      commands.push({ type: 'launch', job });
    }
    if (this.info === undefined && this.runs.size === 0) {
      const info = this.flowEmpty ? this.flow.exhausted() : { rule: this.flow.name, reason: `budget: ${String(this.options.maxTotalTokens)} tokens` };
      return this.end(info, commands);
    }
    return commands;
  }

  private capOf(job: Job<R>): number {
    return this.streaming ? (this.flow.tokenCap?.(job) ?? Infinity) : Infinity;
  }

  private refreshCaps(): void {
    for (const run of this.runs.values()) run.cap = this.capOf(run.job);
  }
}
