/**
 * A run's settings, written once before the first sample. A re-run with the same settings resumes;
 * one with different generation settings is refused, because mixing them would corrupt the pool.
 */
import type { SamplingOptions } from '../../backends/backend.js';
import type { Prompt } from '../../core/types.js';

export const MANIFEST_VERSION = 1;

export interface RunQuestion {
  id: string;
  /** The gold answer as the dataset writes it. */
  answer: string;
  /** The exact prompt sent. */
  prompt: string;
  /** The question as the dataset states it (what a checker kind grades against); runs before it use the prompt. */
  question?: string;
}

export interface RunManifest {
  version: typeof MANIFEST_VERSION;
  createdAt: string;
  dataset: {
    /** What the user passed: a registered name or a JSONL path. */
    ref: string;
    kind: string;
    template: string;
    /** Prompts go out as one user chat message rather than raw completion text. */
    chat?: boolean;
    /** The questions sampled, in order, with what grading and replay need, so a run stands alone. */
    questions: RunQuestion[];
  };
  /** How to rebuild the backend (its kind, model or URL, threads…): recorded, never secret. */
  backend: { id: string; settings: Record<string, string | number | boolean> };
  sampling: SamplingOptions & { logprobs: boolean; topLogprobs?: number };
  /** Base seed; sample i of question q uses deriveSeed(seed, q, i). */
  seed: number;
  /** Samples per question. */
  n: number;
}

/** The settings that decide what a sample is; two runs may share a pool only when these agree. */
export function generationKey(manifest: RunManifest): string {
  const { dataset, backend, sampling, seed } = manifest;
  return JSON.stringify({ dataset: { ref: dataset.ref, kind: dataset.kind, template: dataset.template, chat: dataset.chat ?? false }, backend, sampling, seed });
}

/** Names the settings that differ between a stored and a requested run (empty when they agree). */
export function differingSettings(stored: RunManifest, requested: RunManifest): string[] {
  const a = JSON.parse(generationKey(stored)) as Record<string, unknown>;
  const b = JSON.parse(generationKey(requested)) as Record<string, unknown>;
  const differing: string[] = [];
  const walk = (x: unknown, y: unknown, at: string): void => {
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null && !Array.isArray(x)) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const key of keys) walk((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], at ? `${at}.${key}` : key);
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      differing.push(`${at} (stored ${JSON.stringify(x)}, requested ${JSON.stringify(y)})`);
    }
  };
  walk(a, b, '');
  return differing;
}

/** The prompt as it was sent: the rendered text, or one user message holding it for a chat run. */
export const sentPrompt = (manifest: RunManifest, question: RunQuestion): Prompt =>
  manifest.dataset.chat === true ? [{ role: 'user', content: question.prompt }] : question.prompt;
