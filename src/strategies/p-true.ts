import { InvalidInputError } from '../core/errors.js';
import type { TopLogprob, Usage } from '../core/types.js';
import { addUsage } from '../core/usage.js';
import { runStagedLive } from '../engine/run-staged.js';
import { pTrueMass } from '../feedback/parse/verdict.js';
import { mapCalls } from '../feedback/staged.js';
import { naturalLanguageTemplates } from '../feedback/templates/natural-language.js';
import type { TemplateSet } from '../feedback/templates/template-set.js';
import { pTrueVerifier } from '../feedback/verifiers/p-true.js';
import type { Strategy } from './strategy.js';
import { makeDecision } from './decision.js';
import { requireModel, type CallSettings } from './model-call.js';
import { checkAbstainBelow } from './signal-values.js';
import { tallyVotes } from './vote-table.js';

export interface PTrueOptions {
  /** Answer classes scored, most votes first; one call each. Default 4. */
  maxCandidates?: number;
  /** Own samples shown as "brainstormed ideas" before the question (Kadavath's brainstorm variant). Default 0. */
  brainstorm?: number;
  /** Top alternatives read at the answer position. Default 20 (capped by the backend). */
  topLogprobs?: number;
  /** Sampling of the scoring calls (maxTokens is always 1). Default greedy. */
  call?: CallSettings;
  /** The prompts; default the natural-language set (Kadavath et al.'s question). */
  templates?: TemplateSet;
  /** Abstain when the chosen answer's P(True) is below this. Default 0. */
  abstainBelow?: number;
}

/** p(A) / (p(A) + p(B)) from top alternatives (`A`, ` A`, `(A` … all count); undefined when neither letter is there. */
export function pTrueFromTop(top: readonly TopLogprob[]): number | undefined {
  return pTrueMass(top, naturalLanguageTemplates.pTrue!);
}

/**
 * P(True) (Kadavath et al. 2022): for each of the most voted answers, the `p-true` verifier asks once
 * whether it is correct and reads p(A)/(p(A)+p(B)) from the next-token logprobs. The answer with the
 * highest P(True) wins (ties: more votes); its P(True) is the confidence. When no call yields the
 * letters, the majority answer stands with confidence 0. Needs a backend that returns top logprobs.
 */
export function pTrue(options: PTrueOptions = {}): Strategy {
  const abstainBelow = checkAbstainBelow('p-true', options.abstainBelow);
  const maxCandidates = options.maxCandidates ?? 4;
  const brainstorm = options.brainstorm ?? 0;
  const templates = options.templates ?? naturalLanguageTemplates;
  return {
    name: 'p-true',
    callsModel: true,
    async aggregate(samples, context) {
      const { answerKind: answers } = context;
      const access = requireModel('p-true', context);
      const available = access.backend.capabilities.topLogprobs;
      if (available < 2) {
        throw new InvalidInputError(
          `p-true reads the probabilities of the letters A and B from top logprobs, and ${access.backend.id} returns none; use a backend with topLogprobs (OpenAI-compatible servers, the embedded model)`,
        );
      }
      const verifier = pTrueVerifier({ topLogprobs: Math.min(options.topLogprobs ?? 20, available) });
      const call = options.call ?? {};
      const votes = tallyVotes(samples, answers);
      const ideas = samples.filter((s) => s.status === 'ok').slice(0, brainstorm).map((s) => s.text);
      const usages: Usage[] = [];
      let best: { answer: string; p: number; chosen: number } | undefined;
      for (const vote of votes.slice(0, maxCandidates)) {
        const candidate = samples.find((s) => s.index === vote.samples[0])!;
        const procedure = verifier.check({ prompt: access.prompt, sample: { ...candidate, answer: vote.answer }, answerKind: answers, templates, ideas });
        const { result: check } = await runStagedLive(
          mapCalls(procedure, (c) => ({ ...c, sampling: { ...c.sampling, ...call, maxTokens: 1 } })),
          { backend: access.backend, signal: context.signal },
        );
        usages.push(check.usage);
        if (check.status === 'judged' && (best === undefined || check.score > best.p)) best = { answer: vote.answer, p: check.score, chosen: candidate.index };
      }
      const base = { strategy: 'p-true', samples, answers, votes, confidenceKind: 'probability' as const, abstainBelow, extraUsage: addUsage(...usages) };
      if (best === undefined) return makeDecision({ ...base, confidence: 0 });
      return makeDecision({ ...base, answer: best.answer, confidence: best.p, chosen: best.chosen });
    },
  };
}
