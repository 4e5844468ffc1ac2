import type { Prompt } from '../../core/types.js';
import type { RunManifest } from './manifest.js';

/** The prompt a run's question was sampled with: its text, or one user message for chat runs. */
export const runPrompt = (manifest: RunManifest, prompt: string): Prompt => (manifest.dataset.chat === true ? [{ role: 'user', content: prompt }] : prompt);
