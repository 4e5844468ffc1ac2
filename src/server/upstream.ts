/**
 * What `quorum serve` sends generations to: one or more OpenAI-compatible base URLs (replicas of the
 * same models; a backend per model name the clients ask for), or one embedded GGUF model. It also
 * decides how a chat is put to the model: as messages, or, for an embedded model without a chat
 * template, as the plain "Q: …\nA:" transcript that such completion models were trained on.
 */
import type { Backend } from '../backends/backend.js';
import { createOpenAIBackend, type OpenAIBackend } from '../backends/openai/index.js';
import { serverMessage } from '../backends/openai/http-failure.js';
import { BackendError } from '../core/errors.js';
import { QA_STOP, qaTranscript } from '../core/qa-prompt.js';
import type { Prompt } from '../core/types.js';
import { badRequest } from './errors.js';
import type { GenerationRequest } from './request-schema.js';

export interface RenderedPrompt {
  prompt: Prompt;
  /** Stop sequences the format itself needs (the QA transcript's "\n"). */
  stop: string[];
}

export interface Upstream {
  /** For the startup line and logs, e.g. `llama:toy-arith.gguf` or `http://127.0.0.1:8080/v1`. */
  readonly description: string;
  /** The backend that generates for this (unprefixed) model name. */
  backend(model: string): Backend;
  render(input: GenerationRequest['input']): RenderedPrompt;
  /** Model ids for `GET /v1/models`. */
  models(signal: AbortSignal): Promise<string[]>;
  /** Sends a request unchanged (HTTP upstreams only; an embedded model passes through by generating once). */
  forward?(model: string, path: string, body: Record<string, unknown>, signal: AbortSignal): Promise<Response>;
  close(): Promise<void>;
}

export interface HttpUpstreamOptions {
  baseURLs: string[];
  /** Key sent upstream (never a client's key). */
  apiKey?: string | undefined;
  /** Model used when a request names none (e.g. `quorum/auto@16`). */
  defaultModel?: string | undefined;
  /** Requests in flight per model name; the server's global limit is the one that matters. */
  concurrency: number;
  /** Milliseconds one upstream attempt may take. */
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: typeof fetch;
}

/** Distinct model names kept with a backend each; beyond it the least recently added is dropped. */
const MAX_MODELS = 64;

export function createHttpUpstream(options: HttpUpstreamOptions): Upstream {
  const backends = new Map<string, OpenAIBackend>();
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const backendFor = (requested: string): OpenAIBackend => {
    const model = requested === '' ? options.defaultModel : requested;
    if (model === undefined) throw badRequest('name the upstream model: the request has none and the server has no --model default', 'model');
    let backend = backends.get(model);
    if (backend === undefined) {
      backend = createOpenAIBackend({
        baseURLs: options.baseURLs,
        model,
        concurrency: options.concurrency,
        ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
        ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
      });
      if (backends.size >= MAX_MODELS) backends.delete(backends.keys().next().value as string);
      backends.set(model, backend);
    }
    return backend;
  };
  return {
    description: options.baseURLs.join(', '),
    backend: backendFor,
    render: (input) => ({ prompt: 'chat' in input ? input.chat : input.text, stop: [] }),
    async models(signal) {
      const url = `${options.baseURLs[0]?.replace(/\/+$/, '')}/models`;
      const response = await doFetch(url, { headers: options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }, signal });
      const text = await response.text();
      if (!response.ok) throw new BackendError(`GET ${url} failed with HTTP ${response.status}`, { status: response.status, serverMessage: serverMessage(text) });
      const data = (JSON.parse(text) as { data?: { id?: unknown }[] }).data ?? [];
      return data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
    },
    forward(model, path, body, signal) {
      return backendFor(model).forward({ path, body, signal });
    },
    async close() {
      await Promise.all([...backends.values()].map((b) => b.close?.()));
    },
  };
}

export type PromptFormat = 'auto' | 'chat' | 'qa';

export interface EmbeddedUpstreamOptions {
  backend: Backend & { readonly hasChatTemplate: boolean };
  /** Name reported in `/v1/models`. */
  modelName: string;
  /** How chats are rendered: the model's chat template, the QA transcript, or auto (template if it has one). */
  format: PromptFormat;
}

export function createEmbeddedUpstream(options: EmbeddedUpstreamOptions): Upstream {
  const { backend } = options;
  const asChat = options.format === 'chat' || (options.format === 'auto' && backend.hasChatTemplate);
  return {
    description: backend.id,
    backend: () => backend,
    render(input) {
      if ('text' in input) return { prompt: input.text, stop: [] };
      return asChat ? { prompt: input.chat, stop: [] } : { prompt: qaTranscript(input.chat), stop: [QA_STOP] };
    },
    models: async () => [options.modelName],
    close: () => backend.close?.() ?? Promise.resolve(),
  };
}
