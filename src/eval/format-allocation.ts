/** The solve/verify allocation as text (a grid of S × V, the frontier, the overtaking budget) or JSON lines. */
import type { AllocationResult } from './allocation.js';

const fixed = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '—');

export function formatAllocationText(file: string, result: AllocationResult): string {
  const ss = [...new Set(result.points.map((p) => p.s))];
  const vs = [...new Set(result.points.map((p) => p.v))];
  const at = (s: number, v: number) => result.points.find((p) => p.s === s && p.v === v);
  const head = ['S \\ V', ...vs.map((v) => (v === 0 ? 'SC' : `V=${v}`))];
  const rows = ss.map((s) => [`S=${s}`, ...vs.map((v) => fixed(at(s, v)?.row.accuracy ?? Number.NaN))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')}`;
  const frontier = result.frontier.map((f) => {
    const verification = f.verification === undefined ? '—' : `${fixed(f.verification.row.accuracy)} (S=${f.verification.s}, V=${f.verification.v})`;
    return `  ${String(f.budget).padStart(6)}  best S=${f.best.s}, V=${f.best.v}: ${fixed(f.best.row.accuracy)} %   SC ${fixed(f.selfConsistency.row.accuracy)} (S=${f.selfConsistency.s})   verification ${verification}`;
  });
  const overtake =
    result.overtakesAt === null
      ? '  verification never overtakes self-consistency within these budgets'
      : `  verification first overtakes self-consistency at a budget of ${result.overtakesAt} solution-lengths (λ = ${result.lengthRatio}; calls when λ = 1)`;
  return [
    file,
    `  solve/verify allocation: ${result.questions} questions, ${result.poolSize} verified solutions each, ${result.points[0]?.row.trials ?? 0} seeded draws; accuracy %`,
    `  SC = majority of S; V = best of S by the mean of V verifications; compute C = S·(1 + λV)`,
    line(head),
    ...rows.map(line),
    '',
    `  compute-optimal allocation per budget (C ≤ budget):`,
    ...frontier,
    overtake,
  ].join('\n') + '\n';
}

export function formatAllocationJson(file: string, result: AllocationResult): string[] {
  const optimal = new Set(result.frontier.map((f) => `${f.best.s}/${f.best.v}`));
  const points = result.points.map((p) =>
    JSON.stringify({
      file,
      kind: 'allocation-point',
      method: p.v === 0 ? 'self-consistency' : 'best-by-verification',
      s: p.s,
      v: p.v,
      calls: p.calls,
      compute: p.compute,
      length_ratio: result.lengthRatio,
      accuracy: round(p.row.accuracy),
      ci95: p.row.ci95.map(round),
      seed_sd: round(p.row.seedSd),
      trials: p.row.trials,
      compute_optimal: optimal.has(`${p.s}/${p.v}`),
    }),
  );
  const frontier = result.frontier.map((f) =>
    JSON.stringify({ file, kind: 'allocation-frontier', budget: f.budget, best_s: f.best.s, best_v: f.best.v, best_accuracy: round(f.best.row.accuracy), sc_accuracy: round(f.selfConsistency.row.accuracy), verification_accuracy: f.verification === undefined ? null : round(f.verification.row.accuracy) }),
  );
  return [...points, ...frontier, JSON.stringify({ file, kind: 'allocation-overtake', budget: result.overtakesAt, length_ratio: result.lengthRatio })];
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
