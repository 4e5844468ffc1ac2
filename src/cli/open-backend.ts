/**
 * The model behind a command: an OpenAI-compatible server when a base URL is given, else a GGUF run
 * in-process. Each backend module is imported only when chosen, so commands that never generate never
 * pay for loading llama.cpp.
 */
import type { Backend } from '../backends/backend.js';
import type { DownloadProgress } from '../backends/llama/load-model.js';

export interface BackendChoice {
  /** A GGUF path or reference for the embedded model; the model name the server expects with `baseUrl`. */
  model: string;
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  /** Requests in flight to a server, or parallel sequences of the embedded model. */
  concurrency: number;
  threads?: number | undefined;
  /** Tokens per sequence of the embedded model. */
  contextSize?: number | undefined;
  cacheDir?: string | undefined;
  onDownloadProgress?: ((progress: DownloadProgress) => void) | undefined;
}

export interface OpenedBackend {
  backend: Backend;
  /** Whether the model expects chat messages: always for a server, for a GGUF when it has a chat template. */
  chat: boolean;
}

export async function openBackend(choice: BackendChoice): Promise<OpenedBackend> {
  if (choice.baseUrl !== undefined) {
    const { createOpenAIBackend } = await import('../backends/openai/index.js');
    const backend = createOpenAIBackend({
      baseURL: choice.baseUrl,
      model: choice.model,
      concurrency: choice.concurrency,
      ...(choice.apiKey !== undefined && { apiKey: choice.apiKey }),
    });
    return { backend, chat: true };
  }
  const { createLlamaBackend } = await import('../backends/llama/llama-backend.js');
  const backend = await createLlamaBackend({
    model: choice.model,
    parallel: choice.concurrency,
    ...(choice.threads !== undefined && { threads: choice.threads }),
    ...(choice.contextSize !== undefined && { contextSize: choice.contextSize }),
    ...(choice.cacheDir !== undefined && { cacheDir: choice.cacheDir }),
    ...(choice.onDownloadProgress !== undefined && { onDownloadProgress: choice.onDownloadProgress }),
  });
  return { backend, chat: backend.hasChatTemplate };
}

/** The API key from the environment: QUORUM_API_KEY, else OPENAI_API_KEY; an empty variable counts as unset. */
export function apiKeyFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return env['QUORUM_API_KEY'] || env['OPENAI_API_KEY'] || undefined;
}

/** An environment variable, with an empty value read as unset. */
export const envValue = (env: NodeJS.ProcessEnv, name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
