/**
 * One self-contained HTML file: inline CSS, inline SVG charts, no scripts and no external requests,
 * so it opens offline and prints cleanly.
 */
import type { Chart } from './charts.js';
import { calibratedColumns, calibratedRows, calibratedSummary, calibrationColumns, coverageRows, decisionSummary, fixed, summaryTables, transitionColumns, transitionRows, type Column } from './columns.js';
import { drillDownNote, type QuestionDetail, type ReportData } from './report-data.js';

export const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function table<T>(columns: readonly Column<T>[], items: readonly T[], className?: string): string {
  const head = columns.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('');
  const body = items.map((item) => `<tr>${columns.map((c) => `<td>${escapeHtml(c.value(item))}</td>`).join('')}</tr>`).join('\n');
  return `<table${className === undefined ? '' : ` class="${className}"`}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function summaryHtml(data: ReportData): string {
  return summaryTables(data.rows)
    .map((t) => {
      const constants = t.constants.length === 0 ? '' : ` On every row: ${t.constants.join('; ')}.`;
      return `<h3 id="${t.id}">${escapeHtml(t.title)}</h3>\n<p class="note">Each row averages its seeded draws of N samples per question ("all": the whole pool once).${escapeHtml(constants)}</p>\n${table(t.columns, t.rows, 'summary')}`;
    })
    .join('\n');
}

/** The report's stylesheet, shared by every HTML view quorum writes. */
export const REPORT_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}
table.summary{font-size:13px;width:100%}table.summary td:not(:first-child){text-align:right;white-space:nowrap}table.summary th{font-weight:600}
.note{color:#555;font-size:13px;margin:4px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:16px}
figure{margin:0;border:1px solid #eee;padding:8px}figcaption{color:#555;font-size:12px}
figure svg{max-width:100%;height:auto}
details{border:1px solid #eee;margin:4px 0;padding:4px 8px}summary{cursor:pointer}
.ok{color:#1a7f37}.bad{color:#c62828}.tag{background:#fff3cd;padding:0 4px;border-radius:3px;font-size:12px}
pre{white-space:pre-wrap;background:#fafafa;padding:6px;margin:4px 0;font-size:12px}
`;

export function renderHtml(data: ReportData, charts: readonly Chart[]): string {
  const meta = Object.entries(data.meta).map(([key, value]) => ({ key, value: String(value) }));
  const disagreeing = data.questions.filter((q) => q.disagree);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(data.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${REPORT_STYLE}</style></head>
<body>
<h1>${escapeHtml(data.title)}</h1>
${table([{ header: 'setting', value: (m: { key: string }) => m.key }, { header: 'value', value: (m: { value: string }) => m.value }], meta)}
<h2 id="summary">Summary</h2>
${summaryHtml(data)}
<h2 id="charts">Charts</h2>
<div class="charts">
${charts.map((c) => `<figure id="${c.id}"><h3>${escapeHtml(c.title)}</h3>${c.svg}<figcaption>${escapeHtml(c.caption)}</figcaption></figure>`).join('\n')}
</div>
${data.coverage.curve.length === 0 ? '' : coverageSection(data)}
${data.calibration.length === 0 ? '' : `<h2 id="calibration">Calibration</h2>\n<p class="note">${escapeHtml(drillDownNote(data))}</p>\n${table(calibrationColumns, data.calibration)}`}
${data.calibrated === undefined ? '' : `<h2 id="calibrated">Calibration learnt from the run</h2>\n<p>${escapeHtml(calibratedSummary(data.calibrated))}</p>\n${table(calibratedColumns, calibratedRows(data.calibrated))}`}
${data.feedback === undefined || data.feedback.transitions.length === 0 ? '' : `<h2 id="refine">Refine, round by round</h2>\n<p>Of the solutions right (wrong) before a round, the share right after it.</p>\n${table(transitionColumns, transitionRows(data))}`}
<h2 id="questions">Questions</h2>
<p>${data.questions.length} questions; strategies disagree on ${disagreeing.length} (listed first, marked <span class="tag">disagree</span>).</p>
${[...disagreeing, ...data.questions.filter((q) => !q.disagree)].map(questionHtml).join('\n')}
</body></html>
`;
}

function coverageSection(data: ReportData): string {
  const fit = data.coverage.fit;
  const law = fit === null ? 'too few points to fit' : `log c(k) ≈ ${fixed(fit.a, 4)}·k^${fixed(fit.b, 4)} (RMSE ${fixed(fit.rmse, 4)} on log coverage)`;
  return `<h2>Coverage</h2><p>${escapeHtml(law)}</p>
${table([{ header: 'k', value: (r: { k: number }) => String(r.k) }, { header: 'coverage %', value: (r: { coverage: string }) => r.coverage }, { header: 'fit %', value: (r: { fit: string }) => r.fit }], coverageRows(data))}`;
}

const mark = (correct: boolean): string => (correct ? '<span class="ok">✓</span>' : '<span class="bad">✗</span>');

function questionHtml(q: QuestionDetail): string {
  const votes = q.votes.map((v) => `<tr><td>${escapeHtml(v.answer)}</td><td>${v.count}</td><td>${mark(v.correct)}</td></tr>`).join('');
  const decisions = q.decisions
    .map((d) => `<tr><td>${escapeHtml(d.series)}</td><td>${escapeHtml(d.abstained ? 'abstain' : (d.answer ?? '–'))}</td><td>${fixed(d.confidence, 3)}</td><td>${mark(d.correct)}</td></tr>`)
    .join('');
  const samples = q.shown
    .map((s) => `<div>#${s.index} ${mark(s.correct)} answer <b>${escapeHtml(s.answer ?? '–')}</b>, ${s.tokens} tokens${s.status === 'ok' ? '' : `, ${escapeHtml(s.status)}`}${s.text === '' ? '' : `<pre>${escapeHtml(s.text)}</pre>`}</div>`)
    .join('');
  return `<details id="q-${escapeHtml(q.id)}"><summary>${q.disagree ? '<span class="tag">disagree</span> ' : ''}<b>${escapeHtml(q.id)}</b> gold ${escapeHtml(q.gold ?? '–')} · ${q.correctSamples}/${q.samples} samples correct · ${escapeHtml(decisionSummary(q))}</summary>
${q.prompt === undefined ? '' : `<pre>${escapeHtml(q.prompt)}</pre>`}
<table><thead><tr><th>strategy</th><th>answer</th><th>confidence</th><th>correct</th></tr></thead><tbody>${decisions}</tbody></table>
<table><thead><tr><th>answer</th><th>votes</th><th>correct</th></tr></thead><tbody>${votes}</tbody></table>
${samples}</details>`;
}
