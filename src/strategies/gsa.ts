import type { Prompt } from '../core/types.js';
import type { Strategy } from './strategy.js';
import { makeDecision } from './decision.js';
import { callModel, listResponses, questionText, requireModel, type CallSettings } from './model-call.js';
import { checkAbstainBelow } from './signal-values.js';
import { tallyVotes } from './vote-table.js';

export interface GsaOptions {
  /** Sampling of the synthesis call. Default greedy (temperature 0), maxTokens 2048. */
  call?: CallSettings;
  /**
   * What to answer when the new response has no extractable answer (or the call failed): `majority`
   * (the samples' majority answer) or `abstain`. Default `majority`.
   */
  fallback?: 'majority' | 'abstain';
  /** Abstain when the samples' agreement with the new answer is below this. Default 0. */
  abstainBelow?: number;
}

/**
 * The GSA prompt (Li et al. 2025, algorithms.md §6b; the paper's exact wording was not available).
 * A chat gets the question, the numbered candidates and the instruction in one user message. A raw
 * completion prompt gets the candidates first and then the original prompt unchanged, so the model
 * continues in the task's own format.
 */
export function gsaPrompt(original: Prompt, responses: readonly string[]): Prompt {
  const candidates = `Here are several candidate responses:\n${listResponses(responses, 1)}`;
  if (typeof original === 'string') {
    return `${candidates}\n\nUsing them as context, write a new, improved response to the following.\n\n${original}`;
  }
  const text = [
    questionText(original).trim(),
    '',
    candidates,
    '',
    'Using these candidates as context, write a new, improved response to the question. Answer in the format the question asks for, ending with the final answer.',
  ].join('\n');
  return [...original.filter((m) => m.role === 'system'), { role: 'user', content: text }];
}

/**
 * Generative Self-Aggregation (Li et al. 2025): one call shows the model every finished response and
 * asks it to write a new one, whose answer is the decision. Confidence is the share of usable samples
 * agreeing with that answer (0 when none does).
 */
export function gsa(options: GsaOptions = {}): Strategy {
  const abstainBelow = checkAbstainBelow('gsa', options.abstainBelow);
  const settings: CallSettings = { maxTokens: 2048, ...options.call };
  const fallback = options.fallback ?? 'majority';
  return {
    name: 'gsa',
    callsModel: true,
    async aggregate(samples, context) {
      const { answerKind: answers } = context;
      const access = requireModel('gsa', context);
      const votes = tallyVotes(samples, answers);
      const base = { strategy: 'gsa', samples, answers, votes, confidenceKind: 'vote-share' as const, abstainBelow };
      const finished = samples.filter((s) => s.status === 'ok');
      if (finished.length === 0) return makeDecision({ ...base, answer: null, confidence: 0 });
      const { sample: reply, usage } = await callModel(access, gsaPrompt(access.prompt, finished.map((s) => s.text)), settings, context);
      const written = reply?.status === 'ok' ? answers.extract(reply.text) : null;
      const answer = written ?? (fallback === 'majority' ? (votes[0]?.answer ?? null) : null);
      const usable = votes.reduce((sum, v) => sum + v.count, 0);
      const agreeing = answer === null ? 0 : votes.filter((v) => answers.equivalent(v.answer, answer)).reduce((sum, v) => sum + v.count, 0);
      return makeDecision({ ...base, answer, confidence: usable === 0 ? 0 : agreeing / usable, extraUsage: usage });
    },
  };
}
