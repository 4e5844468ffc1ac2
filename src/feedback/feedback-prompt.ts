/** Building a feedback call from a template: the values every prompt shares and the call's settings. */
import { questionText, samePromptShape } from '../core/prompt.js';
import { deriveSeed } from '../core/rng.js';
import type { Prompt, Sample } from '../core/types.js';
import type { FeedbackCall, FeedbackStage } from './staged.js';
import type { CallShape, TemplateSet } from './templates/template-set.js';

/** `{question}`, `{solution}` and `{answer}` for a sample of a question. */
export const sharedValues = (prompt: Prompt, sample: Sample): { question: string; solution: string; answer: string } => ({
  question: questionText(prompt).trim(),
  solution: sample.text.trim(),
  answer: sample.answer ?? '',
});

/**
 * A call asking `text`, in the question's prompt shape (a chat stays a chat), with the template's
 * token limit and temperature (greedy by default) and the set's stop sequences. Its seed is derived
 * from what it asks (and `repeat`, for the k-th of several chains on the same prompt): a check of a
 * solution is a function of the solution, so any loop that makes the same call gets the same reply,
 * and a recorded run can answer it.
 */
export function feedbackCall(stage: FeedbackStage, original: Prompt, text: string, shape: CallShape, templates: TemplateSet, repeat = 0): FeedbackCall {
  return {
    stage,
    prompt: samePromptShape(original, text),
    sampling: {
      temperature: shape.temperature ?? 0,
      maxTokens: shape.maxTokens,
      seed: deriveSeed(0, stage, text, repeat),
      ...(templates.stop.length > 0 && { stopSequences: templates.stop }),
    },
  };
}
