/** The report in the format asked for. */
import { InvalidInputError } from '../../core/errors.js';
import { renderCharts } from './charts.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { ReportData } from './report-data.js';

export type ReportFormat = 'html' | 'md' | 'json';
export const reportFormats: readonly ReportFormat[] = ['html', 'md', 'json'];

export function isReportFormat(text: string): text is ReportFormat {
  return (reportFormats as readonly string[]).includes(text);
}

export async function renderReport(data: ReportData, format: ReportFormat): Promise<string> {
  switch (format) {
    case 'html':
      return renderHtml(data, await renderCharts(data));
    case 'md':
      return renderMarkdown(data);
    case 'json':
      // NaN (an undefined AUROC) is not JSON; write it as null.
      return `${JSON.stringify(data, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
    default:
      throw new InvalidInputError(`unknown report format "${String(format)}"; choose one of: ${reportFormats.join(', ')}`);
  }
}
