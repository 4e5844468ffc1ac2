/**
 * Self-verification by re-derivation (as in Self-Verification's and FOBAR's backward checks, and
 * toy-arith-sf's verdict rule): the solution's steps are checked in order; for step i the model writes
 * that step itself from the steps before it (the template set's step-check prompt: toy-arith-sf's
 * `…\nOk?`, or by default a plain continuation of the prefix), and the step passes when its version
 * equals the solution's, character for character. The check stops at the first failing step; the score
 * is the share of steps passed before it (1 when all pass), and that step with the model's own version
 * is kept as the critique a revision continues from. Output that is no step at all fails the check.
 */
import type { StepVerdict } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import { feedbackCall, sharedValues } from '../feedback-prompt.js';
import { readOwnStep } from '../parse/own-step.js';
import { prefixBefore, splitSteps } from '../steps.js';
import { fill, requireTemplate } from '../templates/template-set.js';
import { makeCheck, unjudgeable, type Verifier } from '../verifier.js';

export function rederiveVerifier(): Verifier {
  return {
    name: 'rederive',
    callsModel: true,
    needsTopLogprobs: 0,
    *check(input) {
      const skip = unjudgeable('rederive', input.sample);
      if (skip !== undefined) return skip;
      const template = requireTemplate(input.templates, 'stepCheck', 'the rederive verifier');
      const solution = input.sample.text;
      const steps = splitSteps(solution);
      if (steps.length === 0) {
        return makeCheck('rederive', input.sample, [], { score: 0, passed: false, failed: true, failures: [{ reason: 'no-step', detail: 'the solution has no step to check' }] });
      }
      const { question } = sharedValues(input.prompt, input.sample);
      const replies: Sample[] = [];
      const verdicts: StepVerdict[] = [];
      for (const [i, step] of steps.entries()) {
        const text = fill(template.prompt, { question, prefix: prefixBefore(solution, step), step: step.text });
        const [reply] = yield [feedbackCall('step-check', input.prompt, text, template, input.templates)];
        replies.push(reply!);
        const reading = readOwnStep(reply!);
        if ('failure' in reading) {
          verdicts.push({ step: step.text, own: null, passed: false, tokens: reply!.tokens });
          return makeCheck('rederive', input.sample, replies, { score: 0, passed: false, failed: true, failures: [reading.failure], steps: verdicts });
        }
        const passed = reading.own === step.text;
        verdicts.push({ step: step.text, own: reading.own, passed, tokens: reply!.tokens });
        if (!passed) {
          return makeCheck('rederive', input.sample, replies, {
            score: i / steps.length,
            passed: false,
            steps: verdicts,
            critique: { step: i, text: step.text, own: reading.own },
          });
        }
      }
      return makeCheck('rederive', input.sample, replies, { score: 1, passed: true, steps: verdicts });
    },
  };
}
