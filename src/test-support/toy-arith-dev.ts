/** The toy-arith dev questions, and each question's text without its "Q: …\nA:" frame (what a chat user would type). */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../../test/shared.js';

export interface DevQuestion {
  id: string;
  question: string;
  answer: number;
}

export const TOY_DEV: DevQuestion[] = readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as DevQuestion);

export const devQuestionText = (i: number): string => (TOY_DEV[i % TOY_DEV.length]?.question ?? '').replace(/^Q: /, '').replace(/\nA:$/, '');
