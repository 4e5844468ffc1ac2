/**
 * toy-arith-sf's checked solutions (`models/toy-arith-sf/dev-feedback-samples*.jsonl`): one solution per
 * line, `{id, sample, text, answer, gold, tokens, checks: [{step, own, match, tokens}], match: {verdict,
 * score, check_tokens, fail_at, corrected, corrected_tokens}}` — every step checked by re-derivation and
 * the first failing one corrected. Answers are graded by toy-arith's rule. Each solution becomes a sample (in `sample` order) carrying its
 * `rederive` check up to the first failing step. Given the problems' prompts, the step checks and the
 * corrections also become recorded calls in the model's own formats (`Q…A:` + ` <step>.` per earlier
 * step + ` <judged step>.\nOk?` → ` <own version>`; kept steps + ` <own>.` → the rest), so verification
 * loops replay offline.
 */
import { toyArithAnswers } from '../answers/toy-arith.js';
import type { Check, StepVerdict } from '../core/check.js';
import type { Sample } from '../core/types.js';
import type { FormatParser } from './format-parser.js';
import { fail, field, isFiniteNumber, isTokenCount, readArray, readLabel, readString, type JsonLine } from './json-lines.js';
import { recordedSample, type RecordedCall, type RecordedQuestion } from './recorded-question.js';

interface StepRecord {
  step: string;
  own: string;
  match: boolean;
  tokens: number;
}

interface MatchRecord {
  verdict: 'right' | 'wrong';
  score: number;
  check_tokens: number;
  fail_at: number | null;
  corrected: string | null;
  corrected_tokens: number;
}

export const parseToyArithSf: FormatParser = (lines, options) => {
  const answers = options.answers ?? toyArithAnswers;
  const questions = new Map<string, RecordedQuestion & { byPrompt: Map<string, RecordedCall> }>();
  for (const at of lines) {
    const id = readLabel(at, 'id');
    const gold = answers.normalize(readLabel(at, 'gold'));
    const index = at.value['sample'];
    if (!isTokenCount(index)) fail(at, field('sample'), 'a sample number (integer >= 0)', index);
    const text = readString(at, 'text');
    const tokens = at.value['tokens'];
    if (!isTokenCount(tokens)) fail(at, field('tokens'), 'a non-negative integer', tokens);
    const steps = readArray(at, 'checks').map((raw, i) => readStep(at, raw, i));
    const match = readMatch(at, steps.length);
    const raw = at.value['answer'];
    const answer = raw === null || raw === undefined ? null : answers.normalize(String(raw));
    let question = questions.get(id);
    if (question === undefined) {
      const prompt = options.prompts?.get(id);
      question = { id, gold, answerKind: answers, samples: [], tokensKnown: true, byPrompt: new Map(), ...(prompt !== undefined && { prompt }) };
      questions.set(id, question);
    } else if (question.gold !== gold) {
      fail(at, field('gold'), `the same gold answer as the earlier lines of "${id}" (${String(question.gold)})`, gold);
    }
    if (question.samples.some((s) => s.index === index)) fail(at, field('sample'), `a sample number not used before for "${id}"`, index);
    const sample: Sample = { ...recordedSample({ index, text, answer, tokens }), checks: [rederiveCheck(index, steps, match)] };
    question.samples.push(sample);
    if (typeof question.prompt === 'string') for (const call of recordedCalls(question.prompt, steps, match)) question.byPrompt.set(call.prompt as string, call);
  }
  return [...questions.values()].map(({ byPrompt, ...question }) => ({
    ...question,
    samples: question.samples.toSorted((a, b) => a.index - b.index),
    ...(byPrompt.size > 0 && { calls: [...byPrompt.values()] }),
  }));
};

function readStep(at: JsonLine, raw: unknown, i: number): StepRecord {
  const step = raw as Partial<StepRecord> | null;
  const ok = typeof step === 'object' && step !== null && typeof step.step === 'string' && typeof step.own === 'string' && typeof step.match === 'boolean' && isTokenCount(step.tokens);
  if (!ok) fail(at, `field "checks" item ${i}`, '{step: string, own: string, match: boolean, tokens: integer}', raw);
  return step as StepRecord;
}

function readMatch(at: JsonLine, steps: number): MatchRecord {
  const match = at.value['match'] as Partial<MatchRecord> | undefined;
  const failAt = match?.fail_at;
  const ok =
    typeof match === 'object' &&
    match !== null &&
    (match.verdict === 'right' || match.verdict === 'wrong') &&
    isFiniteNumber(match.score) &&
    isTokenCount(match.check_tokens) &&
    (failAt === null || (isTokenCount(failAt) && failAt < steps)) &&
    (match.corrected === null || typeof match.corrected === 'string') &&
    isTokenCount(match.corrected_tokens);
  if (!ok) fail(at, field('match'), '{verdict: right|wrong, score, check_tokens, fail_at: step index or null, corrected, corrected_tokens}', match);
  return match as MatchRecord;
}

/** The recorded check up to the first failing step, as the rederive verifier reports it. */
function rederiveCheck(index: number, steps: readonly StepRecord[], match: MatchRecord): Check {
  const judged = match.fail_at === null ? steps : steps.slice(0, match.fail_at + 1);
  const verdicts: StepVerdict[] = judged.map((s) => ({ step: s.step, own: s.own, passed: s.match, tokens: s.tokens }));
  const check: Check = {
    verifier: 'rederive',
    sample: index,
    status: 'judged',
    score: match.score,
    passed: match.verdict === 'right',
    steps: verdicts,
    usage: { promptTokens: 0, completionTokens: match.check_tokens, calls: judged.length },
  };
  const failing = match.fail_at === null ? undefined : steps[match.fail_at];
  if (failing !== undefined) check.critique = { step: match.fail_at as number, text: failing.step, own: failing.own };
  return check;
}

/** Every recorded step check, and the correction, as calls in the model's own prompt formats. */
function recordedCalls(question: string, steps: readonly StepRecord[], match: MatchRecord): RecordedCall[] {
  const prefix = (i: number): string => steps.slice(0, i).map((s) => ` ${s.step}.`).join('');
  const calls: RecordedCall[] = steps.map((s, i) => ({
    stage: 'step-check',
    prompt: `${question}${prefix(i)} ${s.step}.\nOk?`,
    reply: recordedSample({ index: 0, text: ` ${s.own}`, answer: null, tokens: s.tokens }),
  }));
  const failing = match.fail_at === null ? undefined : steps[match.fail_at];
  if (failing !== undefined && match.corrected !== null) {
    const kept = `${prefix(match.fail_at as number)} ${failing.own}.`;
    if (match.corrected.startsWith(kept)) {
      calls.push({ stage: 'revise', prompt: `${question}${kept}`, reply: recordedSample({ index: 0, text: match.corrected.slice(kept.length), answer: null, tokens: match.corrected_tokens }) });
    }
  }
  return calls;
}
