/**
 * An AI SDK language model as a quorum Backend, so the middleware samples through solve() like every
 * other surface: each sample is one `doGenerate` call with the caller's settings and its own seed,
 * cancelled through its abort signal. The full result of every call is kept by seed, so the winner
 * can be returned as the model produced it.
 */
import { AbortError, BackendError } from '../core/errors.js';
import type { ChatMessage, Prompt, Sample } from '../core/types.js';
import { emptyUsage } from '../core/usage.js';
import type { Backend, GenerateRequest } from '../backends/backend.js';
import { resolveDecoding } from '../decoding/decoding.js';
import { serverSampler, type ServerLimits } from '../decoding/server-sampling.js';
import type { CallOptions, GenerateResult, LanguageModel, SpecPrompt } from './spec-types.js';

/** The AI SDK's call settings have temperature, topP and topK, and no min-p. */
const AI_SDK: ServerLimits = { backend: 'an AI SDK model', accepts: { topK: true, minP: false } };

export interface ModelBackend extends Backend {
  /** The result of the call made with this seed. */
  resultFor(seed: number | undefined): GenerateResult | undefined;
}

/** The text parts of the AI SDK prompt as chat messages (what strategies that ask the model again see). */
export function toChat(prompt: SpecPrompt): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    if (message.role === 'system') messages.push({ role: 'system', content: message.content });
    else if (message.role === 'user' || message.role === 'assistant') {
      const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      messages.push({ role: message.role, content: text });
    }
  }
  return messages;
}

function toSpecPrompt(prompt: Prompt): SpecPrompt {
  const messages = typeof prompt === 'string' ? [{ role: 'user' as const, content: prompt }] : prompt;
  return messages.map((m) => (m.role === 'system' ? { role: 'system', content: m.content } : { role: m.role, content: [{ type: 'text', text: m.content }] }));
}

const textOf = (result: GenerateResult): string => result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');

export function modelBackend(model: LanguageModel, params: CallOptions, prompt: Prompt): ModelBackend {
  const results = new Map<number | undefined, GenerateResult>();
  const callFor = (request: GenerateRequest): CallOptions => {
    const signals = [request.signal, params.abortSignal].filter((s): s is AbortSignal => s !== undefined);
    const call: CallOptions = { ...params, ...(signals.length > 0 && { abortSignal: AbortSignal.any(signals) }) };
    if (request.seed !== undefined) call.seed = request.seed;
    // A strategy asking the model again (USC, P(True)) brings its own prompt and settings.
    if (request.prompt !== prompt) call.prompt = toSpecPrompt(request.prompt);
    const sampler = serverSampler(resolveDecoding(request), AI_SDK);
    if (sampler.temperature !== undefined) call.temperature = sampler.temperature;
    if (sampler.top_p !== undefined) call.topP = sampler.top_p;
    if (sampler.top_k !== undefined) call.topK = sampler.top_k;
    if (request.maxTokens !== undefined) call.maxOutputTokens = Math.min(request.maxTokens, params.maxOutputTokens ?? Infinity);
    if (request.stopSequences !== undefined) call.stopSequences = request.stopSequences;
    return call;
  };
  return {
    id: `ai-sdk:${model.provider}:${model.modelId}`,
    capabilities: { logprobs: false, topLogprobs: 0, nativeN: false, streaming: false, fullDistribution: false },
    resultFor: (seed) => results.get(seed),
    async *generate(request): AsyncGenerator<Sample> {
      // A sampler the model cannot run refuses the whole request, before any call.
      const call = callFor(request);
      for (let index = 0; index < request.n; index++) {
        const seed = request.n === 1 ? request.seed : request.seed === undefined ? undefined : request.seed + index;
        const started = performance.now();
        const base = { index, ...(seed !== undefined && { seed }) };
        try {
          const result = await model.doGenerate({ ...call, ...(seed !== undefined && { seed }) });
          if (request.n === 1) results.set(seed, result);
          const tokens = result.usage.outputTokens.total;
          yield {
            ...base,
            text: textOf(result),
            tokens: tokens ?? 0,
            ...(tokens === undefined && { tokensCountedFrom: 'unknown' as const }),
            finishReason: result.finishReason.unified === 'length' ? 'length' : 'stop',
            status: 'ok',
            usage: { promptTokens: result.usage.inputTokens.total ?? 0, completionTokens: tokens ?? 0, calls: 1 },
            latencyMs: performance.now() - started,
          };
        } catch (cause) {
          const aborted = request.signal?.aborted === true;
          yield {
            ...base,
            text: '',
            tokens: 0,
            finishReason: aborted ? 'aborted' : 'error',
            status: aborted ? 'aborted' : 'error',
            error: aborted ? new AbortError('cancelled', { cause }) : new BackendError(`${model.provider}:${model.modelId} failed: ${(cause as Error).message ?? String(cause)}`, {}, { cause }),
            usage: { ...emptyUsage(), calls: 1 },
          };
        }
      }
    },
  };
}
