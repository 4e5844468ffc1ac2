/**
 * The one way a strategy asks the model again (USC, GSA, P(True)): a single sample through the
 * backend in its context, greedy by default, with the call's usage returned so the decision counts it.
 */
import type { Backend, GenerateRequest, SamplingOptions } from '../backends/backend.js';
import { InvalidInputError } from '../core/errors.js';
import type { Prompt } from '../core/types.js';
import { generateOne, type OneGeneration } from '../backends/generate-one.js';
import type { StrategyContext } from './strategy.js';

export { listResponses, questionText, samePromptShape } from '../core/prompt.js';

/** Sampling settings of a strategy's own calls; temperature defaults to 0 (greedy). */
export type CallSettings = SamplingOptions;

export interface ModelAccess {
  backend: Backend;
  prompt: Prompt;
}

/** The backend and question a model-calling strategy needs, or a clear error naming what is missing. */
export function requireModel(strategy: string, context: StrategyContext): ModelAccess {
  const { prompt, backend } = context;
  if (prompt === undefined || backend === undefined) {
    const missing = [prompt === undefined ? 'prompt' : '', backend === undefined ? 'backend' : ''].filter(Boolean).join(' and ');
    throw new InvalidInputError(
      `${strategy} asks the model again and needs ${missing} in its context; pass the question's prompt and a backend, or choose an answer-level strategy such as majority`,
    );
  }
  return { backend, prompt };
}

export type CallResult = OneGeneration;

/** One sample from the backend; a failed sample is returned (its usage counted), not thrown. */
export async function callModel(
  access: ModelAccess,
  prompt: Prompt,
  settings: CallSettings,
  context: StrategyContext,
  extra: Partial<GenerateRequest> = {},
): Promise<CallResult> {
  const request: Omit<GenerateRequest, 'n'> = { temperature: 0, seed: context.seed, ...settings, ...extra, prompt };
  if (context.signal !== undefined) request.signal = context.signal;
  return generateOne(access.backend, request);
}
