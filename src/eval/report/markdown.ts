/** The report as Markdown: the same tables as the HTML, no charts, disagreements listed. */
import { calibratedColumns, calibratedRows, calibratedSummary, calibrationColumns, coverageRows, decisionSummary, fixed, summaryTables, transitionColumns, transitionRows, type Column } from './columns.js';
import { drillDownNote, type ReportData } from './report-data.js';

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function table<T>(columns: readonly Column<T>[], items: readonly T[]): string {
  const head = `| ${columns.map((c) => cell(c.header)).join(' | ')} |`;
  const rule = `|${columns.map(() => ' --- |').join('')}`;
  return [head, rule, ...items.map((item) => `| ${columns.map((c) => cell(c.value(item))).join(' | ')} |`)].join('\n');
}

export function renderMarkdown(data: ReportData): string {
  const parts = [`# ${data.title}`, '', ...Object.entries(data.meta).map(([key, value]) => `- **${key}**: ${String(value)}`), ''];
  parts.push('## Summary', '');
  for (const t of summaryTables(data.rows)) {
    const constants = t.constants.length === 0 ? '' : ` On every row: ${t.constants.join('; ')}.`;
    parts.push(`### ${t.title}`, '', `Each row averages its seeded draws of N samples per question ("all": the whole pool once).${constants}`, '', table(t.columns, t.rows), '');
  }
  if (data.coverage.curve.length > 0) {
    const fit = data.coverage.fit;
    parts.push('## Coverage', '', fit === null ? 'Too few points to fit.' : `Fit: log c(k) ≈ ${fixed(fit.a, 4)}·k^${fixed(fit.b, 4)}`, '');
    parts.push(table([{ header: 'k', value: (r: { k: number }) => String(r.k) }, { header: 'coverage %', value: (r: { coverage: string }) => r.coverage }, { header: 'fit %', value: (r: { fit: string }) => r.fit }], coverageRows(data)), '');
  }
  if (data.calibration.length > 0) parts.push('## Calibration', '', drillDownNote(data), '', table(calibrationColumns, data.calibration), '');
  if (data.calibrated !== undefined) parts.push('## Calibration learnt from the run', '', calibratedSummary(data.calibrated), '', table(calibratedColumns, calibratedRows(data.calibrated)), '');
  if ((data.feedback?.transitions.length ?? 0) > 0) parts.push('## Refine, round by round', '', table(transitionColumns, transitionRows(data)), '');
  const disagreeing = data.questions.filter((q) => q.disagree);
  parts.push('## Questions where strategies disagree', '', `${disagreeing.length} of ${data.questions.length}.`, '');
  for (const q of disagreeing) parts.push(`- **${q.id}** (gold ${q.gold ?? '–'}, ${q.correctSamples}/${q.samples} samples correct): ${decisionSummary(q)}`);
  return `${parts.join('\n')}\n`;
}
