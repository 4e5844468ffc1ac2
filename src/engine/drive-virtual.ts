/**
 * Drives a Scheduler over recorded samples with a virtual clock: a recorded generation of T tokens
 * takes T time units, one token per unit, and c of them run side by side. Nothing waits; the next
 * event is computed. The conventions are those of a live streaming backend, so `solve()` over a
 * replay backend on a VirtualClock gives the same samples, tokens and latency (engine parity test):
 * - at each instant, tokens stream first, then the generations that ended are handled in launch order;
 * - a generation past its token cap is cancelled at the token that crosses it, unless that token is
 *   its last; one past its token limit ends there with finish reason `length` and no answer;
 * - a generation cancelled by a stop keeps the tokens produced up to that instant; one that had just
 *   produced its last token is finished, not cancelled.
 */
import type { Sample } from '../core/types.js';
import { cutRecordedSample } from '../backends/replay/cut-recorded-sample.js';
import type { Command, Job, Scheduler } from './scheduler.js';

export interface VirtualRun {
  /** Time of the last event: when the run was decided. */
  latency: number;
}

interface Planned<R> {
  job: Job<R>;
  recorded: Sample;
  at: number;
  /** Tokens it will have when it ends at `at`, and how it ends. */
  tokens: number;
  reason: 'aborted' | 'length';
}

/** What a running generation does next, given its recorded sample, its token cap and the time now. */
function plan<R>(job: Job<R>, recorded: Sample, cap: number, now: number): Planned<R> {
  const end = Math.min(recorded.tokens, job.tokenLimit);
  // The first token past the cap (a whole token count) arrives no earlier than the next instant.
  const crossing = Math.max(Math.floor(cap) + 1, now - job.startedAt + 1);
  if (crossing < end || (crossing === end && end < recorded.tokens)) {
    return { job, recorded, at: job.startedAt + crossing, tokens: crossing, reason: 'aborted' };
  }
  return { job, recorded, at: job.startedAt + end, tokens: end, reason: 'length' };
}

const endedSample = <R>(p: Planned<R>): Sample => cutRecordedSample(p.recorded, p.tokens, p.reason);

/**
 * Runs the scheduler to the end. `recordedOf(job)` is the recorded sample a job replays; the samples
 * handed to the scheduler carry the recorded fields (index and the like are the flow's business).
 */
export function driveVirtual<R>(scheduler: Scheduler<R>, recordedOf: (job: Job<R>) => Sample): VirtualRun {
  let now = 0;
  const running = new Map<number, Job<R>>();
  const apply = (commands: Command<R>[]): void => {
    const cancelled: number[] = [];
    for (const command of commands) {
      if (command.type === 'launch') running.set(command.job.id, command.job);
      else if (command.type === 'cancel') cancelled.push(command.id);
    }
    for (const id of cancelled) {
      const job = running.get(id);
      if (job === undefined) continue;
      running.delete(id);
      const recorded = recordedOf(job);
      const planned = plan(job, recorded, Infinity, now);
      // Cancelled now: whole if it ended at this instant, else cut at the tokens produced so far.
      const sample = planned.at <= now ? endedSample(planned) : cutRecordedSample(recorded, now - job.startedAt, 'aborted');
      apply(scheduler.finished(id, sample, now));
    }
  };
  apply(scheduler.start(now));
  while (!scheduler.done) {
    if (running.size === 0) throw new Error('internal: the scheduler is waiting but nothing runs');
    const planned: Planned<R>[] = [];
    let next = Infinity;
    for (const job of running.values()) {
      const p = plan(job, recordedOf(job), scheduler.tokenCap(job.id), now);
      planned.push(p);
      if (p.at < next) next = p.at;
    }
    now = next;
    for (const event of planned) {
      // Ended at this instant, in launch order; a stop handled earlier in the instant may have taken it.
      if (event.at !== now || !running.has(event.job.id)) continue;
      running.delete(event.job.id);
      apply(scheduler.finished(event.job.id, endedSample(event), now));
    }
  }
  return { latency: now };
}
