/**
 * FOBAR's backward check (Jiang et al. 2024, algorithms.md §9e): one number of the question is masked,
 * the candidate answer is given, and the model is asked for the masked number; a chain recovers it when
 * its value equals the masked one. Each of the question's numbers (up to `masks`) is masked in turn,
 * `chains` times each; the score is the share of chains that recovered their number (FOBAR's Z_c over
 * the chains asked). A question without numbers, or chains that give no number, fail.
 */
import type { CheckFailure } from '../../core/check.js';
import type { Sample } from '../../core/types.js';
import { feedbackCall, sharedValues } from '../feedback-prompt.js';
import { outputFailure, unreadable } from '../parse/output-failure.js';
import { fill, requireTemplate } from '../templates/template-set.js';
import { makeCheck, unjudgeable, type Verifier } from '../verifier.js';

export interface BackwardOptions {
  /** Most numbers of the question masked, first ones first. Default 4. */
  masks?: number;
  /** Backward chains per masked number. Default 1. */
  chains?: number;
  /** A check passes when at least this share of chains recovers its number. Default 0.5. */
  passAt?: number;
}

const NUMBER = /(?<![\w.])\d+(?:\.\d+)?(?![\w])/g;

/** The question with its k-th number replaced by the mask, and that number. */
export function maskedQuestions(question: string, mask: string, limit: number): { masked: string; value: number }[] {
  return [...question.matchAll(NUMBER)].slice(0, limit).map((m) => ({
    masked: question.slice(0, m.index) + mask + question.slice((m.index ?? 0) + m[0].length),
    value: Number(m[0]),
  }));
}

/** The value a backward chain gives: after its last "the answer is", else its last number. */
export function backwardValue(text: string): number | undefined {
  const phrase = [...text.matchAll(/answer is\s*[:$]*\s*(-?\d+(?:\.\d+)?)/gi)].at(-1)?.[1];
  const last = [...text.matchAll(/-?\d+(?:\.\d+)?/g)].at(-1)?.[0];
  const value = Number(phrase ?? last);
  return phrase === undefined && last === undefined ? undefined : value;
}

export function backwardVerifier(options: BackwardOptions = {}): Verifier {
  const masks = options.masks ?? 4;
  const chains = options.chains ?? 1;
  const passAt = options.passAt ?? 0.5;
  return {
    name: 'backward',
    callsModel: true,
    needsTopLogprobs: 0,
    *check(input) {
      const skip = unjudgeable('backward', input.sample);
      if (skip !== undefined) return skip;
      const template = requireTemplate(input.templates, 'backward', 'the backward verifier');
      const values = sharedValues(input.prompt, input.sample);
      const questions = maskedQuestions(values.question, template.mask, masks);
      if (questions.length === 0) {
        return makeCheck('backward', input.sample, [], { score: 0, passed: false, failed: true, failures: [{ reason: 'no-verdict', detail: 'the question has no number to mask' }] });
      }
      const asked = questions.flatMap((q, k) => Array.from({ length: chains }, (_, c) => ({ ...q, k, c })));
      const calls = asked.map((a) =>
        feedbackCall('backward', input.prompt, fill(template.prompt, { masked: a.masked, answer: values.answer, mask: template.mask }), template, input.templates, a.c),
      );
      const replies: Sample[] = yield calls;
      const failures: CheckFailure[] = [];
      let recovered = 0;
      replies.forEach((reply, i) => {
        const failed = outputFailure(reply, 'backward chain');
        const value = failed === undefined ? backwardValue(reply.text) : undefined;
        if (failed !== undefined) failures.push(failed);
        else if (value === undefined) failures.push(unreadable(reply, 'no-answer', 'the backward chain gives no number'));
        else if (Math.abs(value - (asked[i] as (typeof asked)[number]).value) < 1e-9) recovered++;
      });
      if (failures.length === replies.length) return makeCheck('backward', input.sample, replies, { score: 0, passed: false, failed: true, failures });
      const score = recovered / replies.length;
      return makeCheck('backward', input.sample, replies, { score, passed: score >= passAt, failures });
    },
  };
}
