/** Training data from the Qwen2.5-Math recording (real texts, chat prompts), checked against the line schemas. */
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/shared.js';
import { loadSamplePool } from '../recordings/load-sample-pool.js';
import type { EvalQuestion } from '../eval/eval-question.js';
import { majority } from '../strategies/majority.js';
import { answerOf } from '../strategies/vote-table.js';
import { exportTrainingData } from './training-export.js';
import { lineSchemas, sftLine, type TrainingLine } from './training-formats.js';

let questions: EvalQuestion[];
const byId = (id: string): EvalQuestion => questions.find((q) => q.id === id) as EvalQuestion;
const sampleAnswer = (q: EvalQuestion, index: number): string | null => answerOf(q.samples.find((s) => s.index === index)!, q.answerKind);
const quorumOf = (line: TrainingLine) => line.quorum;

const keptAt = async (minConfidence: number): Promise<number> =>
  (await exportTrainingData(questions, { format: 'sft', labels: 'consistency', minConfidence, strategy: majority(), source: 'qwen' })).kept;

beforeAll(async () => {
  questions = (await loadSamplePool(sharedPath('data', 'samples', 'qwen25-math-rm8', 'math_cot_100.jsonl'))).questions;
});

describe('training export', () => {
  it('DPO with consistency labels: a sample of the decided answer against one of another answer', async () => {
    const result = await exportTrainingData(questions, { format: 'dpo', labels: 'consistency', minConfidence: 0.5, strategy: majority(), source: 'qwen' });
    expect(result.lines.length).toBeGreaterThan(0);
    expect(result.kept + Object.values(result.skipped).reduce((a, b) => a + b, 0)).toBe(100);
    for (const line of result.lines) {
      const parsed = lineSchemas.dpo.parse(line);
      const q = byId(parsed.quorum.question);
      const [chosen, rejected] = parsed.quorum.samples as [number, number];
      expect(q.answerKind.equivalent(sampleAnswer(q, chosen)!, parsed.quorum.answer)).toBe(true);
      expect(q.answerKind.equivalent(sampleAnswer(q, rejected) ?? '', parsed.quorum.answer)).toBe(false);
      expect(parsed.quorum.confidence).toBeGreaterThanOrEqual(0.5);
      // Chat prompt: the conversational form, with the recorded system message first.
      expect(Array.isArray(parsed.prompt) && parsed.prompt[0]?.role).toBe('system');
    }
  });

  it('SFT with gold labels takes only samples with the gold answer; KTO labels both kinds', async () => {
    const sft = await exportTrainingData(questions, { format: 'sft', labels: 'gold', minConfidence: 0, strategy: majority(), source: 'qwen', perQuestion: 2 });
    for (const line of sft.lines) {
      const parsed = lineSchemas.sft.parse(line);
      const q = byId(parsed.quorum.question);
      expect(parsed.quorum.answer).toBe(q.gold);
      expect(q.answerKind.equivalent(sampleAnswer(q, parsed.quorum.samples[0]!)!, q.gold!)).toBe(true);
    }
    const perQuestion = new Map<string, number>();
    for (const line of sft.lines) perQuestion.set(quorumOf(line).question, (perQuestion.get(quorumOf(line).question) ?? 0) + 1);
    expect(Math.max(...perQuestion.values())).toBe(2);
    const kto = await exportTrainingData(questions, { format: 'kto', labels: 'gold', minConfidence: 0, strategy: majority(), source: 'qwen' });
    const labels = kto.lines.map((line) => lineSchemas.kto.parse(line).label);
    expect(labels).toContain(true);
    expect(labels).toContain(false);
  });

  it('keeps fewer questions as the confidence required rises', async () => {
    expect(await keptAt(0.5)).toBeGreaterThan(await keptAt(1));
  });

  it('writes the standard (string) form for a raw completion prompt', () => {
    const quorum = { source: 's', question: 'q', samples: [0], confidence: 1, labels: 'gold' as const, answer: '4' };
    expect(lineSchemas.sft.parse(sftLine('Q: 2+2?\nA:', ' 4', quorum))).toEqual({ prompt: 'Q: 2+2?\nA:', completion: ' 4', quorum });
  });

  it('says why a recording without prompts gives nothing', async () => {
    const { questions: toy } = await loadSamplePool(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'));
    const result = await exportTrainingData(toy.slice(0, 5), { format: 'dpo', labels: 'gold', minConfidence: 0, strategy: majority(), source: 'toy' });
    expect(result).toMatchObject({ lines: [], kept: 0, skipped: { 'no prompt recorded': 5 } });
  });
});
