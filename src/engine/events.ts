import type { Decision, Sample, Vote } from '../core/types.js';

/**
 * What `solve()` reports while it runs, in this order per sample: `sample` (any status), then `votes`
 * when a usable sample changed the vote table; once: `stop` when sampling ends, `decision` last.
 */
export type SolveEvent =
  | { type: 'sample'; sample: Sample }
  | { type: 'votes'; votes: Vote[] }
  | { type: 'stop'; rule: string; reason: string }
  | { type: 'decision'; decision: Decision };
