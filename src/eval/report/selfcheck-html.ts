/**
 * The HTML view of a `quorum check`: the passage with every sentence shaded by its score (darker =
 * more likely made up; n-gram scores are shaded relative to the passage's highest), a sentence table
 * with the judge's verdicts, and the samples. Self-contained like the report: inline CSS, no scripts.
 */
import type { ContradictionResult } from '../../selfcheck/contradiction.js';
import type { SelfCheckResult } from '../../selfcheck/self-check.js';
import { escapeHtml, REPORT_STYLE } from './html.js';

export type SelfCheckView =
  | { kind: 'selfcheck'; result: SelfCheckResult; threshold: number | undefined; samplesFrom: string; backend?: string }
  | { kind: 'contradiction'; result: ContradictionResult; backend: string };

const VIEW_STYLE = `
.passage{font-size:16px;line-height:1.9;border:1px solid #eee;padding:12px 16px}
.passage span{padding:2px 3px;border-radius:3px}
.flag{outline:2px solid #c62828}
.legend span{display:inline-block;width:60px;text-align:center;border-radius:3px;margin-right:4px}
`;

/** Red with opacity = shade in [0, 1]. */
const shade = (x: number): string => `background:rgba(198,40,40,${Math.min(1, Math.max(0, x)).toFixed(3)})`;
const fixed = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${REPORT_STYLE}${VIEW_STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

const row = (cells: readonly string[]): string => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
const meta = (entries: readonly [string, string][]): string => `<table><tbody>${entries.map(([k, v]) => row([escapeHtml(k), escapeHtml(v)])).join('')}</tbody></table>`;

/** How the judge answered about one sentence: supported (score < 0.5), not (> 0.5), unclear (0.5), failed. */
function verdictSummary(s: SelfCheckResult['sentences'][number]): string {
  if (s.verdicts.length === 0) return '';
  const count = (test: (score: number | null) => boolean): number => s.verdicts.filter((v) => test(v.score)).length;
  const parts = [
    `${count((x) => x !== null && x < 0.5)} supported`,
    `${count((x) => x !== null && x > 0.5)} not`,
    `${count((x) => x === 0.5)} unclear`,
    `${count((x) => x === null)} failed`,
  ].filter((part) => !part.startsWith('0 '));
  return `${s.verdicts.length} asked: ${parts.join(', ')}`;
}

function selfCheckBody(view: Extract<SelfCheckView, { kind: 'selfcheck' }>): string {
  const { result, threshold } = view;
  const top = Math.max(0, ...result.sentences.map((s) => s.score ?? 0));
  // Judge scores are probabilities already; n-gram scores (−log p) only rank within the passage.
  const shadeOf = (x: number | null): number => (x === null ? 0 : result.method === 'ngram' ? (top > 0 ? x / top : 0) : x);
  const flagged = (x: number | null): boolean => threshold !== undefined && x !== null && x >= threshold;
  const spans = result.sentences
    .map((s) => `<span style="${shade(shadeOf(s.score))}"${flagged(s.score) ? ' class="flag"' : ''} title="score ${fixed(s.score)}">${escapeHtml(s.text)}</span>`)
    .join(' ');
  const table = `<table><thead><tr><th>#</th><th>score</th><th>flag</th><th>unigram max</th><th>judge</th><th>sentence</th></tr></thead><tbody>${result.sentences
    .map((s) => row([String(s.index), fixed(s.score), flagged(s.score) ? '<span class="bad">!</span>' : '', s.ngram.max.toFixed(2), escapeHtml(verdictSummary(s)), escapeHtml(s.text)]))
    .join('\n')}</tbody></table>`;
  const samples = result.samples.map((text, i) => `<details><summary>sample ${i}</summary><pre>${escapeHtml(text)}</pre></details>`).join('\n');
  return [
    meta([
      ['method', result.method + (result.stop === undefined ? '' : `, judge stop ${result.stop}`)],
      ['passage score', fixed(result.passageScore)],
      ['flag at', threshold === undefined ? 'no threshold' : `score ≥ ${threshold}`],
      ['samples', `${result.samples.length} from ${view.samplesFrom}`],
      ['judge calls', String(result.usage.judge.calls)],
      ['usage', `${result.usage.total.promptTokens} prompt + ${result.usage.total.completionTokens} completion tokens in ${result.usage.total.calls} calls`],
    ]),
    `<p class="legend">shade: <span style="${shade(0)}">0</span><span style="${shade(0.5)}">0.5</span><span style="${shade(1)};color:#fff">1</span> ${result.method === 'ngram' ? '(relative to the passage’s highest score)' : ''}</p>`,
    `<h2>Passage</h2><div class="passage" id="passage">${spans}</div>`,
    `<h2>Sentences</h2>${table}`,
    `<h2>Samples</h2>${samples}`,
  ].join('\n');
}

function contradictionBody(view: Extract<SelfCheckView, { kind: 'contradiction' }>): string {
  const { result } = view;
  const spans = result.sentences
    .map((s) => `<span style="${shade(s.contradictory ? 0.8 : 0)}"${s.contradictory ? ' class="flag"' : ''} title="${escapeHtml(s.checks[0]?.conclusion ?? '')}">${escapeHtml(s.text)}</span>`)
    .join(' ');
  const table = `<table><thead><tr><th>#</th><th>finding</th><th>sentence</th><th>alternative</th><th>explanation</th>${result.revised === null ? '' : '<th>kept as</th>'}</tr></thead><tbody>${result.sentences
    .map((s) =>
      row([
        String(s.index),
        escapeHtml(s.checks[0]?.conclusion ?? ''),
        escapeHtml(s.text),
        escapeHtml(s.checks[0]?.alternative ?? '–'),
        escapeHtml(s.checks[0]?.explanation ?? '–'),
        ...(result.revised === null ? [] : [escapeHtml(s.final ?? '(dropped)')]),
      ]),
    )
    .join('\n')}</tbody></table>`;
  return [
    meta([
      ['method', 'self-contradiction (ChatProtect)'],
      ['model', view.backend],
      ['self-contradictory', `${result.sentences.filter((s) => s.contradictory).length} of ${result.sentences.length}`],
      ['usage', `${result.usage.promptTokens} prompt + ${result.usage.completionTokens} completion tokens in ${result.usage.calls} calls`],
    ]),
    `<h2>Passage</h2><div class="passage" id="passage">${spans}</div>`,
    ...(result.revised === null ? [] : [`<h2>Revised</h2><div class="passage">${escapeHtml(result.revised)}</div>`]),
    `<h2>Sentences</h2>${table}`,
  ].join('\n');
}

export function renderSelfCheckHtml(view: SelfCheckView): string {
  return view.kind === 'selfcheck' ? page('quorum check', selfCheckBody(view)) : page('quorum check: self-contradictions', contradictionBody(view));
}
