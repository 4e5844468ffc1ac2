/**
 * The solve/verify allocation curve as a static SVG: accuracy against compute (calls, or solution-
 * lengths with λ ≠ 1), self-consistency as one line, each V as a line over S, the compute-optimal
 * (S, V) of each budget ringed.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { AllocationResult } from '../allocation.js';
import { renderSvg } from './render-svg.js';

export function allocationChartSpec(result: AllocationResult): TopLevelSpec {
  const optimal = new Set(result.frontier.map((f) => `${f.best.s}/${f.best.v}`));
  const values = result.points.map((p) => ({
    series: p.v === 0 ? 'self-consistency' : `verification, V=${p.v}`,
    compute: p.compute,
    accuracy: p.row.accuracy,
    s: p.s,
    v: p.v,
    optimal: optimal.has(`${p.s}/${p.v}`),
  }));
  const x = { field: 'compute', type: 'quantitative' as const, title: result.lengthRatio === 1 ? 'calls per question, C = S(1 + V)' : `compute per question, C = S(1 + ${result.lengthRatio}V) solution-lengths`, scale: { type: 'log' as const, base: 2 } };
  const y = { field: 'accuracy', type: 'quantitative' as const, title: 'accuracy %', scale: { zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 480,
    height: 300,
    data: { values },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y, color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 3 } } } },
      { transform: [{ filter: 'datum.optimal' }], mark: { type: 'point', size: 160, strokeWidth: 2, color: 'black' }, encoding: { x, y } },
    ],
  };
}

export const renderAllocationChart = (result: AllocationResult): Promise<string> => renderSvg(allocationChartSpec(result));
