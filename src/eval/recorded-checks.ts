/**
 * Checks replayed from a recording: each sample of a question gets the verifier's check, its calls
 * answered from the question's recorded calls on the virtual driver. A call the recording lacks fails
 * the check (and is counted as such); nothing is generated. This is how `quorum eval --run` gives
 * verification-based strategies their checks.
 */
import { runStagedVirtual } from '../engine/run-staged.js';
import type { TemplateSet } from '../feedback/templates/template-set.js';
import { withCheck, type Verifier } from '../feedback/verifier.js';
import type { EvalQuestion } from './eval-question.js';
import { recordedReplies } from './recorded-replies.js';

export function withRecordedChecks(questions: readonly EvalQuestion[], verifier: Verifier, templates: TemplateSet): EvalQuestion[] {
  return questions.map((question) => {
    if (question.prompt === undefined || question.samples.every((s) => s.checks?.some((c) => c.verifier === verifier.name))) return question;
    const prompt = question.prompt;
    const replyOf = recordedReplies(question, [], 0);
    const samples = question.samples.map((sample) => {
      if (sample.checks?.some((c) => c.verifier === verifier.name)) return sample;
      const answer = sample.answer !== undefined ? sample.answer : sample.status === 'ok' ? question.answerKind.extract(sample.text) : null;
      const judged = { ...sample, answer };
      const { result } = runStagedVirtual(verifier.check({ prompt, sample: judged, answerKind: question.answerKind, templates }), { replyOf, name: `recorded ${verifier.name}` });
      return withCheck(judged, result);
    });
    return { ...question, samples };
  });
}
