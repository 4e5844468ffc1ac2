/** How `quorum ask` shows a decision: a short human report, or one JSON object with `--json`. */
import { sampleOutcomes } from '../../engine/decision-samples.js';
import type { SolveResult } from '../../engine/solve.js';

export interface AskReport {
  question: string;
  backend: string;
  seed: number;
  /** Milliseconds spent opening the backend (loading the model), before sampling began. */
  loadMs: number;
  result: SolveResult;
}

const percent = (x: number): string => `${(100 * x).toFixed(0)}%`;

/** Why the command failed although solve() returned: every sample failed, so nothing could be decided. Undefined otherwise. */
export function noUsableSample(result: SolveResult): string | undefined {
  const failed = result.samples.filter((s) => s.status === 'error');
  if (result.sampleCounts.usable > 0 || failed.length === 0) return undefined;
  return `no usable sample: ${failed.length} of ${result.sampleCounts.total} samples failed (${failed[0]?.error?.message ?? 'no message'})`;
}

export function askJson({ question, backend, seed, loadMs, result }: AskReport): string {
  return `${JSON.stringify({
    question,
    backend,
    answer: result.answer,
    confidence: result.confidence,
    confidenceKind: result.confidenceKind,
    abstained: result.abstained,
    ...(result.raw !== undefined && { raw: result.raw }),
    // Samples in index order, as in texts: the order they finished in depends on timing.
    votes: result.votes.map((v) => ({ ...v, samples: v.samples.toSorted((a, b) => a - b) })),
    samples: sampleOutcomes(result),
    usage: result.usage,
    stop: result.stop,
    elapsedMs: Math.round(result.elapsedMs),
    loadMs: Math.round(loadMs),
    seed,
    // In index order: the order samples finished in depends on timing.
    texts: result.samples.toSorted((a, b) => a.index - b.index).map((s) => ({
      index: s.index,
      status: s.status,
      answer: s.answer ?? null,
      tokens: s.tokens,
      text: s.text,
      ...(s.status === 'error' && { error: s.error?.message ?? 'failed' }),
      ...(s.revises !== undefined && { revises: s.revises }),
      ...(s.checks !== undefined && { checks: s.checks.map(({ verifier, status, score, passed, critique, failures }) => ({ verifier, status, score, passed, ...(critique && { critique }), ...(failures && { failures }) })) }),
    })),
    ...(result.feedback !== undefined && {
      feedback: { method: result.feedback.method, transitions: result.feedback.transitions, failures: result.feedback.failures, ...(result.feedback.route && { route: result.feedback.route }) },
    }),
  })}\n`;
}

/** Why sampling ended: the rule and its reason, or the budget (saying so when a rule never stopped it earlier). */
function stopLine({ stop }: SolveResult): string {
  if (stop === undefined) return 'all samples drawn';
  if (stop.rule === 'none') return stop.reason;
  if (stop.reason.startsWith('budget:')) return `${stop.reason} (${stop.rule} did not stop earlier)`;
  return `${stop.rule}: ${stop.reason}`;
}

export function askText({ backend, seed, result }: AskReport): string {
  const counts = sampleOutcomes(result);
  const headline = result.abstained
    ? `answer: none (abstained; best was ${result.votes[0]?.answer ?? 'nothing'} at ${percent(result.confidence)})`
    : `answer: ${result.answer ?? ''}`;
  const rows = result.votes.map((v) => [v.answer, String(v.count), Number.isInteger(v.weight) ? String(v.weight) : v.weight.toFixed(3), percent(v.count / Math.max(1, counts.usable))]);
  if (counts.noAnswer > 0) rows.push(['(no answer)', String(counts.noAnswer), '', '']);
  const table = [['answer', 'votes', 'weight', 'share'], ...rows];
  const widths = table[0]?.map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length))) ?? [];
  const lines = table.map((row) => `  ${row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ')}`.trimEnd());
  const others = [
    ...(counts.cancelled > 0 ? [`${counts.cancelled} cancelled when sampling stopped`] : []),
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
  ];
  const firstError = result.samples.find((s) => s.status === 'error')?.error?.message;
  return [
    headline,
    `confidence: ${result.confidence.toFixed(3)} (${result.confidenceKind}${result.raw === undefined ? '' : `; raw ${result.raw.confidence.toFixed(3)} ${result.raw.confidenceKind}`}, strategy ${result.strategy})`,
    `votes (${counts.usable} usable of ${counts.total} samples${others.length > 0 ? `; ${others.join(', ')}` : ''}):`,
    ...lines,
    ...(firstError === undefined ? [] : [`first failure: ${firstError}`]),
    ...feedbackLines(result),
    `tokens: ${result.usage.promptTokens} prompt + ${result.usage.completionTokens} completion in ${result.usage.calls} calls`,
    `stopped: ${stopLine(result)}`,
    `time: ${(result.elapsedMs / 1000).toFixed(2)} s   backend: ${backend}   seed: ${seed}`,
    '',
  ].join('\n');
}

/** With self-feedback: what was checked and revised, and how many outputs could not be read. */
function feedbackLines(result: SolveResult): string[] {
  const feedback = result.feedback;
  if (feedback === undefined) return [];
  const checks = result.samples.flatMap((s) => s.checks ?? []);
  const passed = checks.filter((c) => c.passed).length;
  const revisions = result.samples.filter((s) => s.revises !== undefined).length;
  const route = feedback.route === undefined ? '' : `, routed ${feedback.route}`;
  const unreadable = feedback.failures.length === 0 ? '' : `; ${feedback.failures.length} unreadable (${[...new Set(feedback.failures.map((f) => f.reason))].join(', ')})`;
  return [`feedback: ${feedback.method}${route}: ${checks.length} checks (${passed} passed), ${revisions} revisions${unreadable}`];
}
