/**
 * The report's charts as vega-lite specs, rendered to static SVG on the server (no DOM, no canvas),
 * so the HTML needs no script to draw them. vega and vega-lite are optional peer dependencies,
 * imported only when an HTML report is drawn.
 */
import type { TopLevelSpec } from 'vega-lite';
import { predictCoverage } from '../metrics/coverage-fit.js';
import { allocationChartSpec } from './allocation-chart.js';
import { calibrationCharts, DIAGONAL } from './calibration-charts.js';
import { renderSvg } from './render-svg.js';
import { seriesName, type ReportData } from './report-data.js';

export { renderSvg };

export interface Chart {
  id: string;
  title: string;
  /** One sentence on how to read it. */
  caption: string;
  svg: string;
}

const WIDTH = 420;

/** The calibration charts come from the calibration table's one draw, not from the summary's many. */
const drawOf = ({ drillDown }: ReportData): string =>
  `One seeded draw per question ${drillDown.n === 'all' ? 'with every sample' : `at N = ${drillDown.n}`}, as in the calibration table.`;
const HEIGHT = 260;

/**
 * Colour by series over one domain shared by every chart, so a strategy keeps its colour from chart
 * to chart; each legend lists only the series its chart draws.
 */
function seriesColor(domain: readonly string[], values: readonly { series?: unknown }[], legend: Record<string, unknown> = {}) {
  const present = domain.filter((name) => values.some((v) => v.series === name));
  return {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [...domain] },
    legend: { orient: 'bottom' as const, columns: 2, labelLimit: 260, values: present, ...legend },
  };
}

/** A line per series with a shaded band between `lo` and `hi` where the data has them. */
function linesWithBands(
  domain: readonly string[],
  values: Record<string, unknown>[],
  x: { field: string; title: string; log?: boolean },
  y: { title: string; domain?: [number, number] },
): TopLevelSpec {
  const xEncoding = { field: x.field, type: 'quantitative' as const, title: x.title, scale: x.log ? { type: 'log' as const, base: 2 } : { zero: false } };
  const yScale = y.domain === undefined ? { zero: false } : { domain: y.domain };
  // Solid legend swatches: the legend merges both layers, and the bands' 0.15 opacity would make them faint.
  const color = seriesColor(domain, values, { symbolOpacity: 1 });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.15 },
        encoding: { x: xEncoding, y: { field: 'lo', type: 'quantitative', scale: yScale, title: y.title }, y2: { field: 'hi' }, color },
      },
      {
        mark: { type: 'line', point: true },
        encoding: { x: xEncoding, y: { field: 'y', type: 'quantitative', scale: yScale, title: y.title }, color },
      },
    ],
  };
}

export async function renderCharts(data: ReportData): Promise<Chart[]> {
  const domain = [...new Set([...data.rows.map(seriesName), ...data.calibration.map((c) => c.series)])];
  const accuracy = data.rows.map((row) => ({
    series: seriesName(row),
    samples: row.samplesPerQuestion,
    tokens: row.tokensPerQuestion,
    y: row.accuracy,
    lo: row.ci95[0],
    hi: row.ci95[1],
  }));
  const charts: { id: string; title: string; caption: string; spec: TopLevelSpec }[] = [
    {
      id: 'accuracy-samples',
      title: 'Accuracy vs samples per question',
      caption: 'One line per strategy (and stop rule); the band is the 95 % bootstrap interval over questions.',
      spec: linesWithBands(domain, accuracy, { field: 'samples', title: 'samples per question', log: true }, { title: 'accuracy (%)' }),
    },
  ];
  const withTokens = accuracy.filter((point) => point.tokens !== null);
  if (withTokens.length > 0) {
    charts.push({
      id: 'accuracy-tokens',
      title: 'Accuracy vs tokens per question',
      caption: 'The cost axis: completion tokens per question, including any extra calls a strategy makes.',
      spec: linesWithBands(domain, withTokens, { field: 'tokens', title: 'completion tokens per question', log: true }, { title: 'accuracy (%)' }),
    });
  }
  if (data.coverage.curve.length > 0) charts.push({ id: 'coverage', ...coverageChart(data) });
  if (data.calibration.length > 0) {
    charts.push({ id: 'reliability', ...reliabilityChart(data, domain) }, { id: 'risk-coverage', ...riskCoverageChart(data, domain) });
  }
  if (data.calibrated !== undefined) charts.push(...calibrationCharts(data.calibrated));
  if (data.feedback?.allocation !== undefined) {
    charts.push({
      id: 'allocation',
      title: 'Solve or verify: accuracy against compute',
      caption: 'Self-consistency over S solutions against best-of-S by V verifications each, at compute S(1 + λV); ringed: the compute-optimal (S, V) of each budget.',
      spec: allocationChartSpec(data.feedback.allocation),
    });
  }
  return Promise.all(charts.map(async ({ spec, ...chart }) => ({ ...chart, svg: await renderSvg(spec) })));
}

function coverageChart(data: ReportData): { title: string; caption: string; spec: TopLevelSpec } {
  const { curve, fit } = data.coverage;
  const measured = curve.map((p) => ({ series: 'coverage (pass@k)', k: p.k, y: 100 * p.coverage }));
  const maxK = Math.max(...curve.map((p) => p.k));
  const fitted =
    fit === null
      ? []
      : Array.from({ length: 41 }, (_, i) => 2 ** ((Math.log2(maxK) * i) / 40)).map((k) => ({
          series: `fit exp(${fit.a.toFixed(3)}·k^${fit.b.toFixed(3)})`,
          k,
          y: 100 * predictCoverage(fit, k),
        }));
  const x = { field: 'k', type: 'quantitative' as const, title: 'k (samples)', scale: { type: 'log' as const, base: 2 } };
  const y = { field: 'y', type: 'quantitative' as const, title: 'questions solved by any of k (%)', scale: { zero: false } };
  const color = { field: 'series', type: 'nominal' as const, title: null, legend: { orient: 'bottom' as const, labelLimit: 400 } };
  return {
    title: 'Coverage vs k',
    caption: 'Unbiased pass@k averaged over questions, with the exponentiated power-law fit of Large Language Monkeys.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      layer: [
        { data: { values: measured }, mark: { type: 'line', point: true }, encoding: { x, y, color } },
        { data: { values: fitted }, mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y, color } },
      ],
    },
  };
}

function reliabilityChart(data: ReportData, domain: readonly string[]): { title: string; caption: string; spec: TopLevelSpec } {
  const values = data.calibration.flatMap((c) =>
    c.bins.filter((bin) => bin.count > 0).map((bin) => ({ series: c.series, confidence: bin.confidence, accuracy: bin.accuracy, count: bin.count })),
  );
  const scale = { domain: [0, 1] };
  return {
    title: 'Reliability diagram',
    caption: `Mean confidence against accuracy in ten equal-width bins; the diagonal is perfect calibration, point size the bin count. ${drawOf(data)}`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      layer: [
        DIAGONAL,
        {
          data: { values },
          mark: { type: 'line', point: { filled: true } },
          encoding: {
            x: { field: 'confidence', type: 'quantitative', title: 'confidence', scale },
            y: { field: 'accuracy', type: 'quantitative', title: 'fraction correct', scale },
            color: seriesColor(domain, values),
          },
        },
      ],
    },
  };
}

function riskCoverageChart(data: ReportData, domain: readonly string[]): { title: string; caption: string; spec: TopLevelSpec } {
  const values = data.calibration.flatMap((c) => c.riskCoverage.map((p) => ({ series: c.series, coverage: p.coverage, risk: 100 * p.risk })));
  return {
    title: 'Risk–coverage',
    caption: `Answer only the most confident questions: the error rate among those answered, as coverage grows. Lower is better. ${drawOf(data)}`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', point: true },
      encoding: {
        x: { field: 'coverage', type: 'quantitative', title: 'coverage (fraction answered)', scale: { domain: [0, 1] } },
        y: { field: 'risk', type: 'quantitative', title: 'error among answered (%)' },
        color: seriesColor(domain, values),
      },
    },
  };
}
