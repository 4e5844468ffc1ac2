import type { Strategy } from './strategy.js';
import { makeDecision } from './decision.js';
import { callModel, listResponses, questionText, requireModel, samePromptShape, type CallSettings } from './model-call.js';
import { checkAbstainBelow } from './signal-values.js';
import { answerOf, tallyVotes } from './vote-table.js';

export interface UscOptions {
  /** Sampling of the selection call. Default greedy (temperature 0), maxTokens 256. */
  call?: CallSettings;
  /** Abstain when the selected answer's share of usable votes is below this. Default 0. */
  abstainBelow?: number;
}

/** The USC prompt (Chen et al. 2023, algorithms.md §6a), 0-based response numbers. */
export function uscPrompt(question: string, responses: readonly string[]): string {
  return [
    `I have generated the following responses to the question: ${question.trim()}`,
    '',
    listResponses(responses, 0),
    '',
    'Evaluate these responses.',
    'Select the most consistent response based on majority consensus.',
    'Start your answer with "The most consistent response is Response X" (without quotes).',
    '',
  ].join('\n');
}

/** The last `Response <n>` in the model's reply, if it names one of `count` responses. */
export function parseSelection(reply: string, count: number): number | undefined {
  const last = [...reply.matchAll(/Response\s+(\d+)/g)].at(-1);
  const index = last === undefined ? Number.NaN : Number(last[1]);
  return Number.isInteger(index) && index < count ? index : undefined;
}

/**
 * Universal Self-Consistency (Chen et al. 2023): one greedy call shows the model every finished
 * response and asks for the most consistent one. An unparsable or out-of-range reply (or a failed
 * call) selects response 0, as the reference does; a selected response without an answer falls back
 * to the first response with one. When all usable samples already agree, the call is skipped.
 * Confidence is the selected answer's share of usable votes.
 */
export function usc(options: UscOptions = {}): Strategy {
  const abstainBelow = checkAbstainBelow('usc', options.abstainBelow);
  const settings: CallSettings = { maxTokens: 256, ...options.call };
  return {
    name: 'usc',
    callsModel: true,
    async aggregate(samples, context) {
      const { answerKind: answers } = context;
      const access = requireModel('usc', context);
      const votes = tallyVotes(samples, answers);
      const finished = samples.filter((s) => s.status === 'ok');
      const base = { strategy: 'usc', samples, answers, votes, confidenceKind: 'vote-share' as const, abstainBelow };
      if (votes.length <= 1) return makeDecision({ ...base, confidence: votes[0] === undefined ? 0 : 1 });
      const prompt = samePromptShape(access.prompt, uscPrompt(questionText(access.prompt), finished.map((s) => s.text)));
      const { sample: reply, usage } = await callModel(access, prompt, settings, context);
      const selected = reply?.status === 'ok' ? (parseSelection(reply.text, finished.length) ?? 0) : 0;
      const chosen = answerOf(finished[selected]!, answers) !== null ? finished[selected]! : finished.find((s) => answerOf(s, answers) !== null)!;
      const vote = votes.find((v) => v.samples.includes(chosen.index))!;
      const usable = votes.reduce((sum, v) => sum + v.count, 0);
      return makeDecision({ ...base, answer: vote.answer, confidence: vote.count / usable, chosen: chosen.index, extraUsage: usage });
    },
  };
}
