/**
 * Answering a loop's calls from a recording, for offline evaluation on the scheduler's virtual driver:
 * solution i is the i-th of the trial's drawn order (matched by the seed solve() gives sample i), and
 * every other call is the recorded reply to the same prompt (and seed, for sampled calls).
 * A call the recording does not hold gets an error sample, which the loop counts as a failed check.
 */
import { BackendError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import type { Prompt, Sample } from '../core/types.js';
import type { FeedbackCall } from '../feedback/staged.js';
import { errorSample } from '../engine/run-staged.js';
import type { EvalQuestion } from './eval-question.js';

const promptKey = (prompt: Prompt): string => (typeof prompt === 'string' ? prompt : JSON.stringify(prompt));

/** What identifies a recorded reply: the prompt, and the seed of a sampled call (greedy ones are deterministic). */
export const replyKey = (prompt: Prompt, temperature: number | undefined, seed: number | undefined): string =>
  `${promptKey(prompt)}\u0000${(temperature ?? 0) > 0 ? String(seed) : ''}`;

const indexes = new WeakMap<EvalQuestion, Map<string, Sample>>();

function indexOf(question: EvalQuestion): Map<string, Sample> {
  let index = indexes.get(question);
  if (index === undefined) {
    index = new Map((question.calls ?? []).map((c) => [replyKey(c.prompt, c.seed === undefined ? 0 : 1, c.seed), c.reply]));
    indexes.set(question, index);
  }
  return index;
}

/** The reply function for one trial: `order` is the drawn order of the question's solutions; `seed` the loop's. */
export function recordedReplies(question: EvalQuestion, order: readonly Sample[], seed: number): (call: FeedbackCall) => Sample {
  const ordinals = new Map(order.map((_, i) => [deriveSeed(seed, 'sample', i), i]));
  const index = indexOf(question);
  return (call) => {
    if (call.stage === 'solve') {
      const ordinal = ordinals.get(call.sampling.seed as number);
      const recorded = ordinal === undefined ? undefined : order[ordinal];
      if (recorded === undefined) return errorSample(new BackendError(`question ${question.id} has ${order.length} recorded solutions; the loop asked for more`));
      // The loop checks the solution itself: recorded checks stay out of its way.
      const { checks: _checks, ...solution } = recorded;
      return solution;
    }
    const reply = index.get(replyKey(call.prompt, call.sampling.temperature, call.sampling.seed));
    return reply ?? errorSample(new BackendError(`no recorded reply to this ${call.stage} call of question ${question.id}`));
  };
}
