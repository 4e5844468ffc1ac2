/** How `quorum check` shows its findings: a table of sentences with score and flag, or one JSON object. */
import type { ContradictionResult } from '../../selfcheck/contradiction.js';
import type { SelfCheckResult } from '../../selfcheck/self-check.js';

export interface CheckReport {
  result: SelfCheckResult;
  /** Flag sentences scoring at least this; undefined = no flags. */
  threshold: number | undefined;
  /** Where the samples came from: a backend id or a file. */
  samplesFrom: string;
  /** The judge's backend, for judge methods. */
  backend?: string;
}

export interface ContradictionReport {
  backend: string;
  result: ContradictionResult;
}

const score = (x: number | null): string => (x === null ? '–' : x.toFixed(2));
const isFlagged = (x: number | null, threshold: number | undefined): boolean => threshold !== undefined && x !== null && x >= threshold;
const usageLine = ({ promptTokens, completionTokens, calls }: { promptTokens: number; completionTokens: number; calls: number }): string =>
  `${promptTokens} prompt + ${completionTokens} completion tokens in ${calls} calls`;

export function checkText({ result, threshold, samplesFrom }: CheckReport): string {
  const judged = result.method !== 'ngram';
  const rows = result.sentences.map((s) => `  ${score(s.score).padStart(5)}  ${isFlagged(s.score, threshold) ? '!' : ' '}  ${s.text}`);
  const flagged = result.sentences.filter((s) => isFlagged(s.score, threshold)).length;
  const calls = result.usage.judge.calls;
  return [
    `method: ${result.method}${judged ? ` (judge stop ${result.stop ?? ''})` : ' (unigram max, −log p)'}${threshold === undefined ? '' : `, flag at score ≥ ${threshold}`}`,
    '  score  !  sentence',
    ...rows,
    `passage score: ${score(result.passageScore)}${threshold === undefined ? '' : ` (${flagged} of ${result.sentences.length} sentences flagged)`}`,
    `samples: ${result.samples.length} from ${samplesFrom}`,
    ...(judged ? [`judge: ${calls} calls for ${result.sentences.length} sentences (${(calls / result.sentences.length).toFixed(1)} per sentence, ${result.sentences.length * result.samples.length} without stopping)`] : []),
    `usage: ${usageLine(result.usage.total)}`,
    '',
  ].join('\n');
}

export function checkJson({ result, threshold, samplesFrom, backend }: CheckReport): string {
  return `${JSON.stringify({
    method: result.method,
    ...(backend !== undefined && { backend }),
    samplesFrom,
    threshold: threshold ?? null,
    passageScore: result.passageScore,
    judgeStop: result.stop ?? null,
    sentences: result.sentences.map((s) => ({
      index: s.index,
      text: s.text,
      score: s.score,
      flagged: isFlagged(s.score, threshold),
      unigram: s.ngram,
      judgeCalls: s.verdicts.length,
      verdicts: s.verdicts.map((v) => ({ sample: v.sample, score: v.score, from: v.from, answer: v.answer, ...(v.error && { error: v.error.message }) })),
    })),
    samples: result.samples,
    usage: result.usage,
  })}\n`;
}

export function contradictionText({ backend, result }: ContradictionReport): string {
  const rows = result.sentences.flatMap((s) => {
    const first = s.checks[0];
    const lines = [`  ${first?.conclusion === 'unchecked' ? '  ?' : s.contradictory ? '  !' : '   '}  ${s.text}`];
    if (s.contradictory && first?.alternative) lines.push(`       vs  ${first.alternative}`);
    if (result.revised !== null && s.final !== s.text) lines.push(`       →   ${s.final ?? '(dropped)'}`);
    return lines;
  });
  const contradictory = result.sentences.filter((s) => s.contradictory).length;
  const unchecked = result.sentences.filter((s) => s.checks[0]?.conclusion === 'unchecked').length;
  return [
    'method: contradiction (ChatProtect): ! self-contradictory, ? could not be checked',
    ...rows,
    `${contradictory} of ${result.sentences.length} sentences self-contradictory${unchecked > 0 ? `, ${unchecked} unchecked` : ''}`,
    ...(result.revised === null ? [] : ['revised passage:', result.revised]),
    `model: ${backend}; usage: ${usageLine(result.usage)}`,
    '',
  ].join('\n');
}

export function contradictionJson({ backend, result }: ContradictionReport): string {
  return `${JSON.stringify({ method: 'contradiction', backend, ...result })}\n`;
}
