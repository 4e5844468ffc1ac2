/**
 * P(True) (Kadavath et al. 2022, algorithms.md §7): one call asks whether the sample's answer is right,
 * with the verdict as the very next token; the score is p(yes) / (p(yes) + p(no)) read from its top
 * logprobs. Needs a backend that returns top logprobs; neither verdict token among them is a failed check.
 */
import { listResponses } from '../../core/prompt.js';
import { feedbackCall, sharedValues } from '../feedback-prompt.js';
import { readPTrue } from '../parse/verdict.js';
import type { Staged } from '../staged.js';
import { fill, requireTemplate } from '../templates/template-set.js';
import { makeCheck, unjudgeable, type Verifier } from '../verifier.js';

export interface PTrueVerifierOptions {
  /** Top alternatives read at the verdict position. Default 20 (capped by the backend). */
  topLogprobs?: number;
  /** A check passes when P(True) is at least this. Default 0.5. */
  passAt?: number;
}

export function pTrueVerifier(options: PTrueVerifierOptions = {}): Verifier {
  const topLogprobs = options.topLogprobs ?? 20;
  const passAt = options.passAt ?? 0.5;
  return {
    name: 'p-true',
    callsModel: true,
    needsTopLogprobs: 2,
    *check(input): Staged<ReturnType<typeof makeCheck>> {
      const skip = unjudgeable('p-true', input.sample);
      if (skip !== undefined) return skip;
      const template = requireTemplate(input.templates, 'pTrue', 'the p-true verifier');
      const ideas = input.ideas ?? [];
      const brainstorm = ideas.length === 0 ? '' : `Here are some brainstormed ideas:\n${listResponses(ideas, 1)}\n\n`;
      const text = fill(template.prompt, { ...sharedValues(input.prompt, input.sample), ideas: brainstorm });
      const call = { ...feedbackCall('p-true', input.prompt, text, { maxTokens: 1 }, input.templates), topLogprobs, logprobs: true };
      const [reply] = yield [call];
      const reading = readPTrue(reply!, template);
      if ('failure' in reading) return makeCheck('p-true', input.sample, [reply!], { score: 0, passed: false, failed: true, failures: [reading.failure] });
      return makeCheck('p-true', input.sample, [reply!], { score: reading.score, passed: reading.score >= passAt });
    },
  };
}
