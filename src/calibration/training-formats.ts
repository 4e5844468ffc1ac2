/**
 * The JSONL lines `quorum export` writes, in the dataset formats Hugging Face TRL's trainers read
 * (huggingface.co/docs/trl/dataset_formats): SFT as conversational `messages` (or, for a raw
 * completion prompt, the standard `prompt`/`completion` pair), DPO as preference `prompt`/`chosen`/
 * `rejected`, KTO as unpaired preference `prompt`/`completion`/`label`. A chat prompt gives the
 * conversational form (lists of role/content messages), a raw prompt the standard form (strings).
 * Every line also carries `quorum`, its provenance; TRL's trainers drop columns they do not read.
 */
import { z } from 'zod';
import type { ChatMessage, Prompt } from '../core/types.js';
import { labelSources } from './training-labels.js';

export const trainingFormats = ['sft', 'dpo', 'kto'] as const;
export type TrainingFormat = (typeof trainingFormats)[number];

const message = z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
const conversation = z.array(message).min(1);
const reply = z.tuple([z.strictObject({ role: z.literal('assistant'), content: z.string() })]);

export const provenanceSchema = z.strictObject({
  /** The run folder or recording exported. */
  source: z.string(),
  question: z.string(),
  /** Indices of the samples the line is made of (chosen then rejected for DPO). */
  samples: z.array(z.number().int().min(0)).min(1),
  /** The decision's confidence over the question's samples. */
  confidence: z.number().min(0).max(1),
  labels: z.enum(labelSources),
  /** The answer the labels take as right. */
  answer: z.string(),
});

export type Provenance = z.infer<typeof provenanceSchema>;

export const lineSchemas = {
  sft: z.union([
    z.strictObject({ messages: z.array(message).min(2), quorum: provenanceSchema }),
    z.strictObject({ prompt: z.string(), completion: z.string(), quorum: provenanceSchema }),
  ]),
  dpo: z.union([
    z.strictObject({ prompt: z.string(), chosen: z.string(), rejected: z.string(), quorum: provenanceSchema }),
    z.strictObject({ prompt: conversation, chosen: reply, rejected: reply, quorum: provenanceSchema }),
  ]),
  kto: z.union([
    z.strictObject({ prompt: z.string(), completion: z.string(), label: z.boolean(), quorum: provenanceSchema }),
    z.strictObject({ prompt: conversation, completion: reply, label: z.boolean(), quorum: provenanceSchema }),
  ]),
} as const;

export type TrainingLine = z.infer<(typeof lineSchemas)[TrainingFormat]>;

const assistant = (content: string): [{ role: 'assistant'; content: string }] => [{ role: 'assistant', content }];

export function sftLine(prompt: Prompt, completion: string, quorum: Provenance): TrainingLine {
  if (typeof prompt === 'string') return { prompt, completion, quorum };
  return { messages: [...prompt, ...assistant(completion)], quorum };
}

export function dpoLine(prompt: Prompt, chosen: string, rejected: string, quorum: Provenance): TrainingLine {
  if (typeof prompt === 'string') return { prompt, chosen, rejected, quorum };
  return { prompt: [...prompt] as ChatMessage[], chosen: assistant(chosen), rejected: assistant(rejected), quorum };
}

export function ktoLine(prompt: Prompt, completion: string, label: boolean, quorum: Provenance): TrainingLine {
  if (typeof prompt === 'string') return { prompt, completion, label, quorum };
  return { prompt: [...prompt] as ChatMessage[], completion: assistant(completion), label, quorum };
}
