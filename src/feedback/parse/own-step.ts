/**
 * A step check's output: the model's own version of the step. Output that is no step at all (empty,
 * only punctuation, or cut by the token limit before its sentence ended) is a failed check.
 */
import type { CheckFailure } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import { splitSteps } from '../steps.js';
import { outputFailure, unreadable } from './output-failure.js';

export function readOwnStep(sample: Sample): { own: string } | { failure: CheckFailure } {
  const failed = outputFailure(sample, 'step check');
  if (failed !== undefined) return { failure: failed };
  const steps = splitSteps(sample.text);
  const first = steps[0];
  if (first === undefined) return { failure: unreadable(sample, 'no-step', 'the step check wrote no step') };
  // A cut output's only sentence may be unfinished; a later sentence, or a closing dot, shows it is whole.
  const finished = sample.finishReason !== 'length' || steps.length > 1 || /[.!?]$/.test(sample.text.trimEnd());
  if (!finished) return { failure: { reason: 'cut', detail: `the step check was cut by the token limit mid-step ("${first.text}")` } };
  return { own: first.text };
}
