import { InvalidInputError } from '../core/errors.js';
import type { TopLogprob, Usage } from '../core/types.js';
import { addUsage } from '../core/usage.js';
import type { Strategy } from './strategy.js';
import { makeDecision } from './decision.js';
import { callModel, listResponses, questionText, requireModel, samePromptShape, type CallSettings } from './model-call.js';
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
  /** Abstain when the chosen answer's P(True) is below this. Default 0. */
  abstainBelow?: number;
}

/** The P(True) prompt (Kadavath et al. 2022, algorithms.md §7); it ends at "(" so the next token is the letter. */
export function pTruePrompt(question: string, candidate: string, ideas: readonly string[]): string {
  const brainstorm = ideas.length === 0 ? [] : ['Here are some brainstormed ideas:', listResponses(ideas, 1), ''];
  return [
    ...brainstorm,
    `Question: ${question.trim()}`,
    `Proposed Answer: ${candidate}`,
    'Is the proposed answer:',
    ' (A) True',
    ' (B) False',
    'The proposed answer is: (',
  ].join('\n');
}

/** The letter a top-k token stands for: `A`, ` A`, `(A`, `A)` … all count as A. */
function letterOf(token: string): 'A' | 'B' | undefined {
  const core = token.trim().replace(/^\(/, '').replace(/\)$/, '');
  return core === 'A' || core === 'B' ? core : undefined;
}

/** p(A) / (p(A) + p(B)) at the first generated position; undefined when neither letter is in the top-k. */
export function pTrueFromTop(top: readonly TopLogprob[]): number | undefined {
  const mass = { A: 0, B: 0 };
  for (const t of top) {
    const letter = letterOf(t.token);
    if (letter !== undefined) mass[letter] += Math.exp(t.logprob);
  }
  return mass.A + mass.B > 0 ? mass.A / (mass.A + mass.B) : undefined;
}

/**
 * P(True) (Kadavath et al. 2022): for each of the most voted answers, one call asks whether it is
 * correct and reads p(A)/(p(A)+p(B)) from the next-token logprobs. The answer with the highest P(True)
 * wins (ties: more votes); its P(True) is the confidence. When no call yields the letters, the
 * majority answer stands with confidence 0. Needs a backend that returns top logprobs.
 */
export function pTrue(options: PTrueOptions = {}): Strategy {
  const abstainBelow = checkAbstainBelow('p-true', options.abstainBelow);
  const maxCandidates = options.maxCandidates ?? 4;
  const brainstorm = options.brainstorm ?? 0;
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
      const topLogprobs = Math.min(options.topLogprobs ?? 20, available);
      const votes = tallyVotes(samples, answers);
      const question = questionText(access.prompt);
      const ideas = samples.filter((s) => s.status === 'ok').slice(0, brainstorm).map((s) => s.text);
      const usages: Usage[] = [];
      let best: { answer: string; p: number; chosen: number } | undefined;
      for (const vote of votes.slice(0, maxCandidates)) {
        const prompt = samePromptShape(access.prompt, pTruePrompt(question, vote.answer, ideas));
        const { sample, usage } = await callModel(access, prompt, options.call ?? {}, context, { maxTokens: 1, topLogprobs });
        usages.push(usage);
        const top = sample?.status === 'ok' ? sample.logprobs?.[0]?.top : undefined;
        const p = top === undefined ? undefined : pTrueFromTop(top);
        if (p !== undefined && (best === undefined || p > best.p)) best = { answer: vote.answer, p, chosen: vote.samples[0]! };
      }
      const base = { strategy: 'p-true', samples, answers, votes, confidenceKind: 'probability' as const, abstainBelow, extraUsage: addUsage(...usages) };
      if (best === undefined) return makeDecision({ ...base, confidence: 0 });
      return makeDecision({ ...base, answer: best.answer, confidence: best.p, chosen: best.chosen });
    },
  };
}
