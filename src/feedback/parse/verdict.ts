/**
 * Reading a yes/no verdict. GenRM (Singhi et al., algorithms.md §9d): the score of a verification is
 * p(yes) at the verdict token, else 1 − p(no), else 1 or 0 from the verdict's text; no verdict at all is
 * a failed check. P(True) (§7): the next token is the verdict, read as p(yes) / (p(yes) + p(no)).
 */
import type { CheckFailure } from '../../core/check.js';
import type { GeneratedToken, Sample, TopLogprob } from '../../core/types.js';
import type { PTrueTemplate, VerdictFormat } from '../templates/template-set.js';
import { outputFailure, unreadable } from './output-failure.js';

export type VerdictReading = { score: number; said: 'yes' | 'no' | null; from: 'p-yes' | 'p-no' | 'text' } | { failure: CheckFailure };

/** A token as a verdict word: trimmed, brackets dropped, lower case (`' (A'`, `'A)'` and `'a'` are all `a`). */
const wordOf = (token: string): string => token.trim().replace(/^[(*[]+/, '').replace(/[)*.:\]]+$/, '').toLowerCase();

/** Probability mass of the alternatives that spell one of `words`. */
function massOf(top: readonly TopLogprob[], words: readonly string[]): number {
  const wanted = new Set(words.map((w) => w.toLowerCase()));
  return top.reduce((sum, t) => (wanted.has(wordOf(t.token)) ? sum + Math.exp(t.logprob) : sum), 0);
}

/** The token covering character `offset` of the text, when the tokens spell the text exactly. */
function tokenAt(tokens: readonly GeneratedToken[], text: string, offset: number): GeneratedToken | undefined {
  if (tokens.map((t) => t.text).join('') !== text) return undefined;
  let end = 0;
  for (const token of tokens) {
    end += token.text.length;
    if (end > offset) return token;
  }
  return undefined;
}

export function readVerdict(sample: Sample, format: VerdictFormat): VerdictReading {
  const failed = outputFailure(sample, 'verification');
  if (failed !== undefined) return { failure: failed };
  const pattern = new RegExp(format.pattern, 'gi');
  const match = [...sample.text.matchAll(pattern)].at(-1);
  const word = match?.[1];
  if (match === undefined || word === undefined) return { failure: unreadable(sample, 'no-verdict', 'the verification gives no verdict in the asked form') };
  const said = format.yes.some((w) => w.toLowerCase() === word.toLowerCase()) ? 'yes' : format.no.some((w) => w.toLowerCase() === word.toLowerCase()) ? 'no' : null;
  if (said === null) return { failure: { reason: 'no-verdict', detail: `the verdict "${word}" is neither yes nor no` } };
  const offset = (match.index ?? 0) + match[0].lastIndexOf(word);
  const top = tokenAt(sample.logprobs ?? [], sample.text, offset)?.top;
  if (top !== undefined) {
    const yes = massOf(top, format.yes);
    if (yes > 0) return { score: yes, said, from: 'p-yes' };
    const no = massOf(top, format.no);
    if (no > 0) return { score: 1 - no, said, from: 'p-no' };
  }
  return { score: said === 'yes' ? 1 : 0, said, from: 'text' };
}

/** P(True) from the first generated position; a failure when neither verdict token is among the alternatives. */
export function readPTrue(sample: Sample, template: PTrueTemplate): { score: number } | { failure: CheckFailure } {
  if (sample.status !== 'ok') return { failure: outputFailure(sample, 'P(True)') as CheckFailure };
  const top = sample.logprobs?.[0]?.top;
  if (top === undefined) return { failure: { reason: 'no-verdict', detail: 'the P(True) call returned no top logprobs' } };
  const score = pTrueMass(top, template);
  if (score === undefined) return { failure: { reason: 'no-verdict', detail: `neither ${template.yes.join('/')} nor ${template.no.join('/')} is among the top alternatives` } };
  return { score };
}

/** p(yes) / (p(yes) + p(no)) over the alternatives; undefined when neither is among them. */
export function pTrueMass(top: readonly TopLogprob[], template: PTrueTemplate): number | undefined {
  const yes = massOf(top, template.yes);
  const no = massOf(top, template.no);
  return yes + no === 0 ? undefined : yes / (yes + no);
}
