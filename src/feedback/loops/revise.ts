/**
 * Self-update: a new solution from an old one and what its check found. `continue` (toy-arith-sf):
 * the solution's steps before the failing one and the model's own version of it are kept, and the
 * model writes the rest. `rewrite` (Self-Refine): the model writes a new solution from the question,
 * the old solution and the critique; a check that gave none is asked for one first (the template set's
 * critique prompt), and a critique that finds nothing wrong means no revision. A revision that cannot
 * be read or has no answer is a failure, and the old solution stands.
 */
import type { Check, CheckFailure } from '../../core/check.js';
import { questionText } from '../../core/prompt.js';
import type { Sample, Usage } from '../../core/types.js';
import { addUsage, emptyUsage } from '../../core/usage.js';
import { feedbackCall, sharedValues } from '../feedback-prompt.js';
import { readCritique } from '../parse/critique.js';
import { outputFailure } from '../parse/output-failure.js';
import type { Staged } from '../staged.js';
import { prefixBefore, splitSteps } from '../steps.js';
import { fill, requireTemplate } from '../templates/template-set.js';
import type { LoopInput } from './loop-input.js';

export interface RevisionResult {
  /** The revised solution (linked to the old one by `revises`); absent when there is none to use. */
  sample?: Sample;
  /** Every call the revision made (a critique, the revision itself), used or not. */
  usage: Usage;
  failure?: CheckFailure;
  /** The critique found nothing to fix. */
  judgedRight?: boolean;
}

export function* revise(input: LoopInput, solution: Sample, check: Check, index: number, round: number): Staged<RevisionResult> {
  const template = requireTemplate(input.templates, 'revise', 'a revision');
  const steps = splitSteps(solution.text);
  let kept = '';
  let text: string;
  const made: Sample[] = [];
  const spent = (): Usage => (made.length === 0 ? emptyUsage() : addUsage(...made.map((m) => m.usage)));
  if (template.mode === 'continue') {
    const critique = check.critique;
    const step = critique?.step === undefined ? undefined : steps[critique.step];
    if (step === undefined || critique?.own === undefined) return { usage: spent(), failure: { reason: 'no-step', detail: 'the check names no corrected step to continue from' } };
    if (typeof input.prompt !== 'string') return { usage: spent(), failure: { reason: 'error', detail: 'a continue revision needs a raw completion prompt, not chat messages' } };
    kept = fill(template.kept, { prefix: prefixBefore(solution.text, step), own: critique.own });
    text = `${questionText(input.prompt).trim()}${kept}`;
  } else {
    let review = describeCritique(check);
    if (review === undefined && input.templates.critique !== undefined) {
      const critiqueTemplate = input.templates.critique;
      const numbered = steps.map((s, i) => `${i + 1}. ${s.text}`).join('\n');
      const [reply] = yield [feedbackCall('critique', input.prompt, fill(critiqueTemplate.prompt, { ...sharedValues(input.prompt, solution), steps: numbered }), critiqueTemplate, input.templates)];
      made.push(reply as Sample);
      const reading = readCritique(reply as Sample, critiqueTemplate, steps);
      if ('failure' in reading) return { usage: spent(), failure: reading.failure };
      if (reading.correct) return { usage: spent(), judgedRight: true };
      review = reading.critique.review;
    }
    text = fill(template.prompt, { ...sharedValues(input.prompt, solution), critique: review ?? 'The solution may contain a mistake.' });
  }
  const [reply] = yield [feedbackCall('revise', input.prompt, text, template, input.templates)];
  const revision = reply as Sample;
  made.push(revision);
  const failed = outputFailure(revision, 'revision');
  if (failed !== undefined) return { usage: spent(), failure: failed };
  const revisedText = kept + revision.text;
  const sample: Sample = {
    index,
    text: revisedText,
    answer: input.answerKind.extract(revisedText),
    tokens: revision.tokens,
    finishReason: revision.finishReason,
    status: revision.status,
    usage: revision.usage,
    revises: { of: solution.index, round },
  };
  if (sample.answer === null) return { usage: spent(), sample, failure: { reason: 'no-answer', detail: 'the revision has no answer' } };
  return { usage: spent(), sample };
}

/** What a check found, in words, for a rewrite: its review, or its failing step and the model's version. */
function describeCritique(check: Check): string | undefined {
  const c = check.critique;
  if (c === undefined) return undefined;
  if (c.review !== undefined) return c.review;
  if (c.step === undefined || c.text === undefined) return undefined;
  return `Step ${c.step + 1} ("${c.text}") is wrong${c.own === undefined ? '' : `; it should read "${c.own}"`}.`;
}
