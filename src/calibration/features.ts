/**
 * What a calibrator may read about a decision: numbers quorum already has once a strategy decided.
 * A feature is undefined when the decision cannot supply it (no logprobs on a BoInf recording, no stop
 * information on a simulated decision), so a calibrator uses only what every decision it saw had.
 */
import type { Decision, Sample, Vote } from '../core/types.js';
import { meanLogprob } from '../signals/logprob.js';

export const featureNames = ['confidence', 'margin', 'distinct-answers', 'samples-used', 'usable-share', 'mean-logprob', 'answer-tokens', 'stopped-early'] as const;

export type FeatureName = (typeof featureNames)[number];

/** What each feature is, for help texts and the artifact's readers. */
export const featureDescriptions: Record<FeatureName, string> = {
  confidence: "log-odds of the strategy's confidence (clipped to [0.001, 0.999])",
  margin: "the winner's weight share minus the runner-up's",
  'distinct-answers': 'log2 of the number of distinct answers',
  'samples-used': 'log2 of the number of usable samples',
  'usable-share': 'usable samples over samples drawn (truncated or failed samples lower it)',
  'mean-logprob': "mean token logprob of the winning answer's samples (needs logprobs)",
  'answer-tokens': "log2 of the mean completion tokens of the winning answer's samples (needs token counts)",
  'stopped-early': '1 when a stop rule ended sampling before the budget, else 0 (needs stop information)',
};

export type FeatureValues = Partial<Record<FeatureName, number>>;

const CLIP = 0.001;
const logit = (p: number): number => {
  const q = Math.min(1 - CLIP, Math.max(CLIP, p));
  return Math.log(q / (1 - q));
};

/** The vote class of the decided answer (it is not always the heaviest, e.g. for best-of-n). */
export function winningVote(decision: Decision): Vote | undefined {
  if (decision.answer === null) return undefined;
  return decision.votes.find((v) => v.answer === decision.answer) ?? decision.votes[0];
}

/** Every feature the decision and its samples can supply; decisions without an answer have none. */
export function decisionFeatures(decision: Decision, samples: readonly Sample[]): FeatureValues {
  const winner = winningVote(decision);
  if (winner === undefined) return {};
  const total = decision.votes.reduce((sum, v) => sum + v.weight, 0);
  const runnerUp = decision.votes.find((v) => v !== winner)?.weight ?? 0;
  const { usable, total: drawn } = decision.sampleCounts;
  const values: FeatureValues = {
    confidence: logit(decision.confidence),
    margin: total > 0 ? (winner.weight - runnerUp) / total : 0,
    'distinct-answers': Math.log2(Math.max(1, decision.votes.length)),
    'samples-used': Math.log2(Math.max(1, usable)),
    'usable-share': drawn > 0 ? usable / drawn : 0,
  };
  const members = new Set(winner.samples);
  const tokens = samples.filter((s) => members.has(s.index)).map((s) => s.tokens);
  if (tokens.length > 0 && tokens.every((t) => t > 0)) values['answer-tokens'] = Math.log2(tokens.reduce((a, b) => a + b, 0) / tokens.length);
  const logprobs = samples.filter((s) => members.has(s.index)).map(meanLogprob);
  if (logprobs.length > 0 && logprobs.every((x) => x !== undefined)) {
    values['mean-logprob'] = logprobs.reduce<number>((sum, x) => sum + (x as number), 0) / logprobs.length;
  }
  // solve() always records why it stopped; a budget is not an early stop.
  if (decision.stop !== undefined) values['stopped-early'] = decision.stop.reason.startsWith('budget') ? 0 : 1;
  return values;
}
