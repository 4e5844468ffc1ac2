/**
 * The OpenAI-compatible HTTP backend: chat and plain completions against any server that speaks the
 * OpenAI API (OpenAI, vLLM, llama.cpp's server, SGLang, Ollama…), with native `n` or fan-out,
 * logprobs, streaming with per-sample cancel, retries, replicas and a shared concurrency limit.
 */
import { BackendError } from '../../core/errors.js';
import { createPool } from '../../core/pool.js';
import { deriveSeed } from '../../core/rng.js';
import { observeEnd } from '../../core/stream-end.js';
import type { Sample } from '../../core/types.js';
import type { Backend, BackendCapabilities, GenerateRequest } from '../backend.js';
import type { BackendContext } from './backend-context.js';
import { nativeSamples, singleSample } from './batch-samples.js';
import { HttpClient } from './http-client.js';
import { NSupport, type NMode } from './n-support.js';
import { resolveOptions, type OpenAIBackendOptions } from './options.js';
import { ReplicaSet } from './replica-set.js';
import { SampleFeed } from './sample-feed.js';
import { streamSample } from './stream-sample.js';
import { validateRequest } from './validate-request.js';

export interface OpenAIBackend extends Backend {
  /** What the backend has learned about `n` on this server. */
  readonly nMode: NMode;
  /** The replicas with their load, for inspection. */
  readonly replicas: ReplicaSet['replicas'];
  /**
   * Sends a request body as it is (only `model` set to this backend's) to `path` on a replica, with
   * this backend's key, retries, timeout and concurrency slot, and resolves with the upstream's 2xx
   * response as soon as its headers arrive; its body streams through. Non-2xx answers reject with
   * the typed error after retries, as `generate` does. For proxies that pass traffic through.
   */
  forward(call: ForwardCall): Promise<Response>;
}

export interface ForwardCall {
  /** e.g. `/chat/completions` */
  path: string;
  body: Record<string, unknown>;
  signal: AbortSignal;
}

/** HTTP statuses that mean the configuration is wrong: no sample can succeed, so `generate` throws. */
const CONFIGURATION_STATUSES = new Set([401, 403, 404]);

export function createOpenAIBackend(options: OpenAIBackendOptions): OpenAIBackend {
  const resolved = resolveOptions(options);
  const replicas = new ReplicaSet(resolved.baseURLs, resolved.replicaCoolDownMs, resolved.now);
  const ctx: BackendContext = {
    options: resolved,
    http: new HttpClient(resolved, replicas, createPool(resolved.concurrency)),
    nSupport: new NSupport(resolved.nativeN),
    streamUsage: { ask: true },
  };
  const closing = new AbortController();

  async function* generate(request: GenerateRequest): AsyncGenerator<Sample> {
    validateRequest(request, resolved.maxTopLogprobs);
    // One signal for this call: the caller's, this backend's close(), and the consumer leaving early.
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, closing.signal, ...(request.signal ? [request.signal] : [])]);
    const seedOf = (index: number): number | undefined => (request.seed === undefined ? undefined : deriveSeed(request.seed, 'sample', index));
    const feed = new SampleFeed();
    const indices = Array.from({ length: request.n }, (_, i) => i);
    const batch = { ctx, request, signal, feed, seedOf };
    if (request.onToken) {
      for (const i of indices) feed.add(streamSample(ctx, request, i, seedOf(i), signal).then((s) => [s]));
    } else if (request.n > 1 && ctx.nSupport.mode !== 'fan-out') {
      feed.add(nativeSamples(batch, indices));
    } else {
      for (const i of indices) feed.add(singleSample(batch, i));
    }
    try {
      for await (const sample of feed.drain()) {
        const status = sample.error instanceof BackendError ? sample.error.details.status : undefined;
        if (status !== undefined && CONFIGURATION_STATUSES.has(status)) throw sample.error;
        yield sample;
      }
    } finally {
      stop.abort();
    }
  }

  function forward(call: ForwardCall): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const body = { ...call.body, model: resolved.model };
      ctx.http
        .post({ path: call.path, body, signal: AbortSignal.any([call.signal, closing.signal]) }, (response) => {
          // The slot and the replica stay taken until the body has been read to its end, failed or been cancelled.
          return new Promise<void>((finish) => {
            const through = response.body === null ? null : observeEnd(response.body, finish);
            if (through === null) finish();
            resolve(new Response(through, { status: response.status, headers: response.headers }));
          });
        })
        .catch(reject);
    });
  }

  const capabilities = {
    logprobs: true,
    topLogprobs: resolved.maxTopLogprobs,
    get nativeN() {
      return ctx.nSupport.mode === 'native';
    },
    streaming: true,
    fullDistribution: false,
  } satisfies BackendCapabilities;

  return {
    id: `openai:${resolved.model}`,
    capabilities,
    generate,
    get nMode() {
      return ctx.nSupport.mode;
    },
    replicas: replicas.replicas,
    forward,
    async close() {
      closing.abort();
    },
  };
}
