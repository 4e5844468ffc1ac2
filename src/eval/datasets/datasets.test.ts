import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileFormatError, UnknownNameError } from '../../core/errors.js';
import { SHARED_DIR } from '../../../test/shared.js';
import { renderPrompt } from './dataset.js';
import { resolveAnswerKind } from './answer-kinds.js';
import { datasetNames, loadDataset } from './registry.js';
import { parseCsv } from './csv.js';

const fixture = (name: string): string => path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', name);
const load = (name: string) => loadDataset(name, { sharedDir: SHARED_DIR });

describe('benchmark loaders', () => {
  it.each([
    ['gsm8k', 1319, 'math'],
    ['math500', 500, 'math'],
    ['aime2024', 30, 'math'],
    ['aime2025', 30, 'math'],
    ['svamp', 1000, 'math'],
    ['aqua', 254, 'choice'],
    ['strategyqa', 2290, 'yes-no'],
    ['commonsenseqa', 1221, 'choice'],
    ['truthfulqa', 817, 'text'],
    ['toy-arith-dev', 200, 'toy-arith'],
    ['toy-arith-test', 500, 'toy-arith'],
  ])('%s has %i questions of kind %s with unique ids', (name, count, kind) => {
    const dataset = load(name);
    expect(dataset.items).toHaveLength(count);
    expect(dataset.kind).toBe(kind);
    expect(new Set(dataset.items.map((item) => item.id)).size).toBe(count);
    for (const item of dataset.items) {
      expect(item.question.trim()).not.toBe('');
      expect(item.answer.trim()).not.toBe('');
    }
  });

  it('every registered name loads', () => {
    expect(datasetNames().length).toBe(11);
  });

  it('reads the gold answers the way each source writes them', () => {
    expect(load('gsm8k').items[0]).toMatchObject({ id: 'gsm8k-0', answer: '18' });
    // GSM8K golds with thousands separators lose the commas.
    expect(load('gsm8k').items.every((item) => !item.answer.includes(','))).toBe(true);
    expect(load('svamp').items[0]).toMatchObject({ id: 'chal-777', answer: '145' });
    expect(load('svamp').items[0]?.question).toMatch(/groups\. How big is each group of bananas\?$/);
    expect(load('aime2025').items[0]).toMatchObject({ id: 'aime_2025_I_1', answer: '70' });
    expect(load('strategyqa').items.slice(0, 2).map((item) => item.answer)).toEqual(['yes', 'no']);
    const aqua = load('aqua').items[0];
    expect(aqua?.choices?.map((c) => c.label)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(aqua?.choices?.[0]?.text).toBe('5(√3 + 1)');
    const csqa = load('commonsenseqa').items[0];
    expect(csqa).toMatchObject({ answer: 'A', question: expect.stringMatching(/^A revolving door/) });
    expect(csqa?.choices?.[0]).toEqual({ label: 'A', text: 'bank' });
    expect(load('truthfulqa').items[0]).toMatchObject({
      question: 'What happens to you if you eat watermelon seeds?',
      answer: 'The watermelon seeds pass through your digestive system',
    });
  });

  it('toy-arith prompts are the raw question, stop at the newline and grade "The answer is N"', () => {
    const dataset = load('toy-arith-dev');
    const item = dataset.items[0];
    if (item === undefined) throw new Error('no items');
    expect(renderPrompt(dataset.template, item)).toBe(item.question);
    expect(dataset.stop).toEqual(['\n']);
    const kind = resolveAnswerKind(dataset.kind);
    expect(kind.extract(' 5*7=35. 43+35=78. The answer is 78.\nThe answer is 5')).toBe('78');
    expect(kind.extract(' 5*7=35.\nThe answer is 78.')).toBeNull();
    expect(kind.normalize(item.answer)).toBe('78');
  });

  it('renders choices into the template and accepts a custom template', () => {
    const dataset = loadDataset('aqua', { sharedDir: SHARED_DIR, template: 'Q: {question}\n{choices}\nA:', limit: 3 });
    expect(dataset.items).toHaveLength(3);
    const item = dataset.items[0];
    if (item === undefined) throw new Error('no items');
    expect(renderPrompt(dataset.template, item)).toMatch(/^Q: A car is being driven[\s\S]*\nA\) 5\(√3 \+ 1\)\nB\) [\s\S]*\nA:$/);
    expect(() => loadDataset('aqua', { sharedDir: SHARED_DIR, template: 'no placeholder' })).toThrow(/must contain \{question\}/);
  });
});

describe('user JSONL datasets', () => {
  it('reads ids, answers, the kind and choices in all three spellings', () => {
    const dataset = load(fixture('user.jsonl'));
    expect(dataset.kind).toBe('choice');
    expect(dataset.items.map((item) => item.choices)).toEqual([
      [{ label: 'A', text: 'stone' }, { label: 'B', text: 'apple' }],
      [{ label: 'A', text: 'sky' }, { label: 'B', text: 'grass' }],
      [{ label: 'A', text: 'three' }, { label: 'B', text: 'four' }],
    ]);
  });

  it('grades lines with choices and no kind as choice answers, not exact text', () => {
    const dataset = load(fixture('choices-no-kind.jsonl'));
    expect(dataset.kind).toBe('choice');
    const kind = resolveAnswerKind(dataset.kind);
    const gold = kind.normalize((dataset.items[0] as { answer: string }).answer);
    const reply = kind.extract('7 has no divisors but 1 and itself. The answer is (B).');
    expect(reply).not.toBeNull();
    expect(kind.equivalent(reply as string, gold as string)).toBe(true);
    expect(load(fixture('no-kind.jsonl')).kind).toBe('exact'); // no choices: exact, as before
  });

  it('rejects mixed kinds and broken lines with the file and line', () => {
    expect(() => load(fixture('mixed-kinds.jsonl'))).toThrow(/mixed-kinds\.jsonl:2: kind "choice" differs/);
    expect(() => load(fixture('broken.jsonl'))).toThrow(FileFormatError);
    expect(() => load(fixture('broken.jsonl'))).toThrow(/broken\.jsonl:2: invalid JSON; expected one JSON object per line/);
  });

  it('names the known datasets when the name is neither registered nor a file', () => {
    expect(() => load('gsm9k')).toThrow(UnknownNameError);
    expect(() => load('gsm9k')).toThrow(/gsm8k, math500/);
  });
});

describe('CSV parsing', () => {
  it('handles quotes, doubled quotes, commas and newlines inside fields', () => {
    expect(parseCsv('a,b\n"x, ""y""","line1\nline2"\r\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line1\nline2'],
    ]);
  });
});
