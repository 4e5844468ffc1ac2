import { describe, expect, it } from 'vitest';
import { exactAnswers } from '../../answers/exact.js';
import type { Sample } from '../../core/types.js';
import { getStrategy } from '../../strategies/registry.js';
import type { EvalQuestion } from '../eval-question.js';
import { evaluatePool } from '../evaluate.js';
import { buildReport } from './build-report.js';
import { renderCharts } from './charts.js';
import { renderReport } from './render-report.js';

const sample = (index: number, answer: string | null): Sample => ({
  index,
  text: `reasoning ${index} <b>`,
  answer,
  tokens: 10 + index,
  finishReason: 'stop',
  status: 'ok',
  usage: { promptTokens: 3, completionTokens: 10 + index, calls: 1 },
});

const question = (id: string, gold: string, answers: (string | null)[]): EvalQuestion => ({
  id,
  gold,
  answerKind: exactAnswers,
  samples: answers.map((a, i) => sample(i, a)),
  tokensKnown: true,
  prompt: `What is ${id}?`,
});

// q1: everyone right; q2: majority wrong; q3: abstentions and a tie; q4: never right.
const questions = [
  question('q1', '1', ['1', '1', '1', '1']),
  question('q2', '2', ['3', '3', '2', '3']),
  question('q3', '5', [null, '5', '6', null]),
  question('q4', '7', ['8', '9', '8', '9']),
];
// Two majority variants need distinct names to be compared side by side.
const strategies = [getStrategy('majority'), { ...getStrategy('majority', { abstainBelow: 0.6 }), name: 'majority-abstain' }];

async function report() {
  const rows = await evaluatePool({ questions, strategies, ns: [1, 2, 4], seeds: 5 });
  return buildReport({ title: 'unit <report>', meta: { dataset: 'hand-built' }, questions, strategies, rows, drillDownN: 'all' });
}

describe('report data', () => {
  it('computes coverage, calibration and a drill-down from the pool', async () => {
    const data = await report();
    // pass@1 = mean fraction correct = (1 + 1/4 + 1/4 + 0)/4; pass@4 = 3 of 4 questions.
    expect(data.coverage.curve.map((p) => p.k)).toEqual([1, 2, 4]);
    expect(data.coverage.curve[0]?.coverage).toBeCloseTo(1.5 / 4, 12);
    expect(data.coverage.curve[2]?.coverage).toBeCloseTo(0.75, 12);
    const q2 = data.questions.find((q) => q.id === 'q2');
    expect(q2).toMatchObject({ samples: 4, correctSamples: 1, disagree: false, prompt: 'What is q2?' });
    expect(q2?.votes).toEqual([{ answer: '3', count: 3, correct: false }, { answer: '2', count: 1, correct: true }]);
    // On q3 the plain vote ties 5 vs 6 and answers; the abstaining variant (share 0.5 < 0.6) abstains.
    expect(data.questions.find((q) => q.id === 'q3')?.disagree).toBe(true);
    expect(data.calibration.map((c) => [c.series, c.decisions])).toEqual([['majority', 4], ['majority-abstain', 4]]);
    const plain = data.calibration[0];
    // Decisions: q1 conf 1 ✓, q2 conf .75 ✗, q3 conf .5 ✓ (tie → first seen, 5), q4 conf .5 ✗.
    expect(plain?.brier).toBeCloseTo((0 + 0.75 ** 2 + 0.5 ** 2 + 0.5 ** 2) / 4, 12);
  });

  it('renders every chart as SVG with drawn paths', async () => {
    const charts = await renderCharts(await report());
    expect(charts.map((c) => c.id)).toEqual(['accuracy-samples', 'accuracy-tokens', 'coverage', 'reliability', 'risk-coverage']);
    for (const chart of charts) {
      expect(chart.svg.startsWith('<svg')).toBe(true);
      expect(chart.svg).toMatch(/<path[^>]* d="M[^"]+"/);
    }
  });

  it('writes HTML that is escaped and self-contained, Markdown tables and JSON without NaN', async () => {
    const data = await report();
    const html = await renderReport(data, 'html');
    expect(html).toContain('<title>unit &lt;report&gt;</title>');
    expect(html).toContain('reasoning 0 &lt;b&gt;');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html.match(/<figure /g)).toHaveLength(5);
    const md = await renderReport(data, 'md');
    expect(md).toMatch(/\n\| majority-abstain \| 4 \| \d+\.\d \(\d+\.\d–\d+\.\d\) \| [^|]+ \| [^|]+ \| 4\.00 \|/);
    expect(md).toContain('- **q3** (gold 5, 1/4 samples correct): majority ✓ 5, majority-abstain ✗ (abstain)');
    const json = JSON.parse(await renderReport(data, 'json')) as { rows: unknown[]; calibration: { auroc: number | null }[] };
    expect(json.rows).toHaveLength(6);
    expect(typeof json.calibration[0]?.auroc).toBe('number');
  });

  it('splits the summary into fixed budgets and stop rules, heads every column in words, and says once what every row shares', async () => {
    const data = await report();
    const first = data.rows[0];
    if (first === undefined) throw new Error('no rows');
    const stopRow = { ...first, n: 4, stop: 'esc', concurrency: 1, tokenSaving: 2.5, latencyTokens: 40, baselineAccuracy: 50, accuracyGapPt: -1 };
    data.rows.push(stopRow as typeof first, { ...stopRow, stop: 'beta', tokenSaving: 1.5, latencyTokens: 60, accuracyGapPt: -2, accuracy: 40 } as typeof first);
    const md = await renderReport(data, 'md');
    const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Coverage'));
    const heads = summary.split('\n').filter((line) => line.startsWith('| strategy'));
    expect(heads).toEqual([
      '| strategy | N | accuracy % (95 % CI) | pass@N % | seed sd (pt) | samples/q | tokens/q | abstain % | ECE | Brier | AUROC | AURC |',
      '| strategy + stop rule | accuracy % (95 % CI) | token saving × | latency (token-time) | gap to majority of all (pt) |',
    ]);
    // Columns equal on both stop-rule rows are said once, above the table.
    expect(md).toMatch(/### Stop rules\n\nEach row averages its seeded draws .* On every row: N \(cap\) = 4; pass@N % = [\d.]+; .*concurrency = 1; majority of all % = 50\.0+\.\n/);
    const html = await renderReport(data, 'html');
    expect(html).toContain('<th>token saving ×</th><th>latency (token-time)</th><th>gap to majority of all (pt)</th>');
    expect(html).not.toMatch(/calibration\.ece|tokenSaving|<th><\/th>/);
    expect(html).toContain('<th>setting</th><th>value</th>');
    expect(html).toContain('<th>answer</th><th>votes</th><th>correct</th>');
  });

  it('says where the calibration table uses other draws than the summary', async () => {
    const data = await report();
    const note = 'From one seeded draw per question with every sample (seed 0), the draw the questions below show; the summary tables average 5 seeded draws per N, so their ECE, Brier and AUROC differ from these.';
    expect(await renderReport(data, 'md')).toContain(`## Calibration\n\n${note}\n`);
    const html = await renderReport(data, 'html');
    expect(html).toContain(`<h2 id="calibration">Calibration</h2>\n<p class="note">${note}</p>`);
    expect(html).toContain('One seeded draw per question with every sample, as in the calibration table.');
  });

  it('shows rows of strategies and stop rules it has never heard of, with their extra fields', async () => {
    const data = await report();
    const first = data.rows[0];
    if (first === undefined) throw new Error('no rows');
    data.rows.push({ ...first, strategy: 'future', stop: 'esc', futureFigure: 123.456, extra: { depth: 0.5 } } as typeof first);
    const md = await renderReport(data, 'md');
    expect(md).toMatch(/\| futureFigure \|/);
    expect(md).toMatch(/\| future \+ esc \| 1 \|.*\| 123 \|/);
    // Nested fields get a column each.
    expect(md).toMatch(/\| extra\.depth \|/);
    const charts = await renderCharts(data);
    expect(charts[0]?.svg).toContain('future + esc');
  });
});
