/**
 * The default feedback prompts, for instruction-following models, after the papers that define each
 * method (algorithms.md §7, §9): GenRM's step-by-step grading ending in a Yes/No verdict (Singhi et al.),
 * Kadavath et al.'s P(True) question, Self-Refine's feedback with its "it is correct" stop signal and its
 * refine step, the generic step check as a plain continuation of the solution so far, and FOBAR's
 * backward question ("If we know the answer … what is the value of unknown variable x?").
 */
import type { TemplateSet } from './template-set.js';

export const naturalLanguageTemplates: TemplateSet = {
  name: 'natural-language',
  description: 'prompts from the papers, for instruction-following models',
  stop: [],
  verify: {
    prompt: [
      'You are a math teacher. Grade the solution below, verifying its correctness step by step.',
      'When you give your final grade, write it as "Verification: Is the answer correct (Yes/No)? X", where X is Yes or No.',
      '',
      'Question: {question}',
      '',
      'Solution: {solution}',
      '',
      "Let's verify step by step.",
    ].join('\n'),
    verdict: { pattern: 'Is the answer correct \\(Yes/No\\)\\?\\W*(Yes|No)\\b', yes: ['yes'], no: ['no'] },
    maxTokens: 1024,
    temperature: 0.7,
  },
  pTrue: {
    prompt: ['{ideas}Question: {question}', 'Proposed Answer: {answer}', 'Is the proposed answer:', ' (A) True', ' (B) False', 'The proposed answer is: ('].join('\n'),
    yes: ['A'],
    no: ['B'],
  },
  critique: {
    prompt: [
      'Question: {question}',
      '',
      'Solution, one step per line:',
      '{steps}',
      '',
      'Review the solution one step at a time. If a step is wrong, write "Step k is wrong:" with the number of the first wrong step, then what is wrong with it. If every step is right, write "It is correct."',
    ].join('\n'),
    stepPattern: '\\bStep (\\d+) is wrong',
    correctPattern: '\\bit is correct\\b',
    maxTokens: 512,
  },
  revise: {
    mode: 'rewrite',
    prompt: [
      'Question: {question}',
      '',
      'Previous solution:',
      '{solution}',
      '',
      'Feedback on it:',
      '{critique}',
      '',
      'Write a corrected solution that fixes what the feedback names. End with "The answer is" and the final answer.',
    ].join('\n'),
    maxTokens: 1024,
  },
  stepCheck: { prompt: '{question}{prefix}', maxTokens: 256 },
  backward: {
    prompt: [
      '{masked}',
      'If we know the answer to the above question is {answer}, what is the value of unknown variable {mask}?',
      'End with "The answer is" and the value.',
    ].join('\n'),
    mask: 'x',
    maxTokens: 512,
  },
};
