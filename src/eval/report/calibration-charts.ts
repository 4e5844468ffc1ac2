/**
 * The charts of a calibration learnt from the run (`quorum report --calibrate cv`): reliability before
 * and after, over every cross-fitted decision, and risk–coverage at the certified budget with the
 * target and the point the certified threshold reached on held-out questions.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CalibrationEvaluation } from '../../calibration/evaluate-calibration.js';

const WIDTH = 420;
const HEIGHT = 260;
const SERIES = ['raw confidence', 'calibrated (cross-fitted)'];
/** The dashed diagonal of perfect calibration, for reliability diagrams on [0, 1]². */
export const DIAGONAL = {
  data: { values: [{ confidence: 0, accuracy: 0 }, { confidence: 1, accuracy: 1 }] },
  mark: { type: 'line' as const, color: '#999', strokeDash: [4, 3] },
  encoding: { x: { field: 'confidence', type: 'quantitative' as const, scale: { domain: [0, 1] } }, y: { field: 'accuracy', type: 'quantitative' as const, scale: { domain: [0, 1] } } },
};

const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: SERIES }, legend: { orient: 'bottom' as const, labelLimit: 260 } };

export function calibrationCharts(c: CalibrationEvaluation): { id: string; title: string; caption: string; spec: TopLevelSpec }[] {
  const [raw, calibrated] = SERIES as [string, string];
  const bins = [
    ...c.crossFit.reliability.raw.map((bin) => ({ ...bin, series: raw })),
    ...c.crossFit.reliability.calibrated.map((bin) => ({ ...bin, series: calibrated })),
  ].filter((bin) => bin.count > 0);
  const unit = { domain: [0, 1] };
  const reliability: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      DIAGONAL,
      {
        data: { values: bins },
        mark: { type: 'line', point: { filled: true } },
        encoding: {
          x: { field: 'confidence', type: 'quantitative', title: 'confidence', scale: unit },
          y: { field: 'accuracy', type: 'quantitative', title: 'fraction correct', scale: unit },
          color,
        },
      },
    ],
  };
  const curves = [
    ...c.riskCoverage.raw.map((p) => ({ series: raw, coverage: p.coverage, risk: 100 * p.risk })),
    ...c.riskCoverage.calibrated.map((p) => ({ series: calibrated, coverage: p.coverage, risk: 100 * p.risk })),
  ];
  const layers: TopLevelSpec[] = [
    {
      data: { values: curves },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'coverage', type: 'quantitative', title: 'coverage (fraction answered)', scale: unit },
        y: { field: 'risk', type: 'quantitative', title: 'error among answered (%)' },
        color,
      },
    } as TopLevelSpec,
  ];
  const { risk } = c;
  const { chosen } = c.riskCoverage;
  if (risk !== undefined && chosen !== undefined) {
    layers.push(
      { data: { values: [{ risk: 100 * risk.target }] }, mark: { type: 'rule', color: '#c62828', strokeDash: [4, 3] }, encoding: { y: { field: 'risk', type: 'quantitative' } } } as TopLevelSpec,
      {
        data: { values: [{ coverage: chosen.coverage, risk: 100 * (Number.isFinite(chosen.risk) ? chosen.risk : 0), label: `certified: ${(100 * chosen.coverage).toFixed(0)} % answered` }] },
        layer: [
          { mark: { type: 'point', shape: 'diamond', size: 140, filled: true, color: '#c62828' }, encoding: { x: { field: 'coverage', type: 'quantitative' }, y: { field: 'risk', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 8, dy: -8, color: '#c62828' }, encoding: { x: { field: 'coverage', type: 'quantitative' }, y: { field: 'risk', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      } as TopLevelSpec,
    );
  }
  const budget = String(c.riskCoverage.budget);
  return [
    {
      id: 'reliability-calibrated',
      title: `Reliability before and after calibration (${c.strategy}, ${c.method})`,
      caption: `Every decision at budgets ${c.budgets.join(', ')}, each calibrated by a calibrator fitted on the other folds; ten equal-width bins (empty ones left out), the diagonal is perfect calibration.`,
      spec: reliability,
    },
    {
      id: 'risk-coverage-calibrated',
      title: `Risk–coverage at N = ${budget}, with the certified threshold`,
      caption:
        risk === undefined
          ? `One decision per question at N = ${budget}, answered most confident first.`
          : `One decision per question at N = ${budget}. The dashed line is the target (${(100 * risk.target).toFixed(0)} %); the diamond is the mean coverage and error on held-out questions over ${risk.splits} splits (held in ${(100 * risk.heldShare).toFixed(0)} %, nothing certified in ${risk.noThreshold}).`,
      spec: { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: WIDTH, height: HEIGHT, layer: layers } as TopLevelSpec,
    },
  ];
}
