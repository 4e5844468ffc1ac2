/**
 * A natural-language critique: it names the first wrong step ("Step 3 is wrong: …") or says the
 * solution is right ("It is correct", Self-Refine's stop signal). A review that does neither, or names a
 * step the solution does not have, names no step: a failed check.
 */
import type { CheckFailure, Critique } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import type { Step } from '../steps.js';
import type { CritiqueTemplate } from '../templates/template-set.js';
import { outputFailure, unreadable } from './output-failure.js';

export type CritiqueReading = { correct: true; review: string } | { correct: false; critique: Critique } | { failure: CheckFailure };

export function readCritique(sample: Sample, template: CritiqueTemplate, steps: readonly Step[]): CritiqueReading {
  const failed = outputFailure(sample, 'critique');
  if (failed !== undefined) return { failure: failed };
  const review = sample.text.trim();
  const named = new RegExp(template.stepPattern, 'i').exec(review);
  if (named !== null) {
    const number = Number(named[1]);
    const step = steps[number - 1];
    if (!Number.isInteger(number) || step === undefined) {
      return { failure: { reason: 'no-step', detail: `the critique names step ${String(named[1])}, and the solution has ${steps.length} steps` } };
    }
    return { correct: false, critique: { step: number - 1, text: step.text, review } };
  }
  if (new RegExp(template.correctPattern, 'i').test(review)) return { correct: true, review };
  return { failure: unreadable(sample, 'no-step', 'the critique names no wrong step and does not say the solution is correct') };
}
