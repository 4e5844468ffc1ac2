import type { Decision, Sample, Vote } from '../core/types.js';

/**
 * What `solve()` reports while it runs, in this order per sample: `sample` (any status), then `votes`
 * when a usable sample changed the vote table; once: `stop` when sampling ends, `decision` last.
 * With self-feedback (solve({ feedback })), every call of every stage is a `stage` event instead.
 */
export type SolveEvent =
  | { type: 'sample'; sample: Sample }
  /** A self-feedback call ended: `stage` is solve, step-check, verify, critique, revise, … */
  | { type: 'stage'; stage: string; sample: Sample }
  | { type: 'votes'; votes: Vote[] }
  | { type: 'stop'; rule: string; reason: string }
  | { type: 'decision'; decision: Decision };
