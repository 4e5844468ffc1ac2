/**
 * Generates single completions ("choices") from a real GGUF model through node-llama-cpp, token by
 * token, with the raw log-probability and top alternatives of every token. Used by the
 * OpenAI-compatible test server; several choices run at once on the sequences of one context.
 */
import { getLlama, LlamaLogLevel, type LlamaContext, type LlamaContextSequence, type LlamaModel, type Token } from 'node-llama-cpp';

export interface ChoiceSettings {
  prompt: string;
  temperature: number;
  topP: number;
  maxTokens: number;
  stop: string[];
  seed: number;
  topLogprobs: number;
  /** Slows generation down (ms per token), so tests can act mid-generation. */
  tokenDelayMs: number;
  signal: AbortSignal;
}

export interface ChoiceToken {
  text: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

export interface ChoiceEnd {
  finishReason: 'stop' | 'length';
  promptTokens: number;
  /**
   * Tokens returned to the client: not EOS, nor a token that only completed a stop sequence. So
   * `completion_tokens` equals the logprob entries and streamed chunks, which tests can check exactly.
   */
  completionTokens: number;
}

export interface ChoiceGenerator {
  generate(settings: ChoiceSettings): AsyncGenerator<ChoiceToken, ChoiceEnd | undefined>;
  close(): Promise<void>;
}

export async function loadChoiceGenerator(options: {
  modelPath: string;
  threads: number;
  sequences: number;
  contextSize: number;
}): Promise<ChoiceGenerator> {
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  const model: LlamaModel = await llama.loadModel({ modelPath: options.modelPath });
  const context: LlamaContext = await model.createContext({
    sequences: options.sequences,
    contextSize: options.contextSize,
    threads: options.threads,
  });
  const free: LlamaContextSequence[] = Array.from({ length: options.sequences }, () => context.getSequence());
  const waiters: Array<(sequence: LlamaContextSequence) => void> = [];
  const acquire = (): Promise<LlamaContextSequence> => {
    const sequence = free.pop();
    return sequence ? Promise.resolve(sequence) : new Promise((resolve) => waiters.push(resolve));
  };
  const release = async (sequence: LlamaContextSequence): Promise<void> => {
    await sequence.clearHistory();
    const next = waiters.shift();
    if (next) next(sequence);
    else free.push(sequence);
  };

  async function* generate(settings: ChoiceSettings): AsyncGenerator<ChoiceToken, ChoiceEnd | undefined> {
    const prompt = [model.tokens.bos, ...model.tokenize(settings.prompt)].filter((t) => t !== null);
    const room = options.contextSize - prompt.length;
    if (room < 1) throw new Error(`prompt of ${prompt.length} tokens does not fit the context of ${options.contextSize}`);
    const maxTokens = Math.min(settings.maxTokens, room);
    const sequence = await acquire();
    let completionTokens = 0;
    let text = '';
    try {
      const evaluation = sequence.evaluateWithMetadata(
        prompt,
        { probabilities: true },
        { temperature: settings.temperature, topK: 0, topP: settings.topP, minP: 0, seed: settings.seed },
      );
      for await (const { token, probabilities } of evaluation) {
        if (settings.signal.aborted) return undefined;
        if (token === model.tokens.eos) return { finishReason: 'stop', promptTokens: prompt.length, completionTokens };
        const raw = rawLogprobs(probabilities, settings.temperature);
        const piece = model.detokenize([token]);
        const stopAt = firstStop(text + piece, settings.stop);
        const emitted = stopAt === undefined ? piece : (text + piece).slice(text.length, stopAt);
        if (emitted.length > 0 || stopAt === undefined) {
          completionTokens++;
          text += emitted;
          yield {
            text: emitted,
            logprob: raw.get(token) ?? Number.NEGATIVE_INFINITY,
            top: [...raw].slice(0, settings.topLogprobs).map(([t, logprob]) => ({ token: model.detokenize([t]), logprob })),
          };
        }
        if (stopAt !== undefined) return { finishReason: 'stop', promptTokens: prompt.length, completionTokens };
        if (completionTokens >= maxTokens) return { finishReason: 'length', promptTokens: prompt.length, completionTokens };
        if (settings.tokenDelayMs > 0) await new Promise((r) => setTimeout(r, settings.tokenDelayMs));
      }
      return { finishReason: 'stop', promptTokens: prompt.length, completionTokens };
    } finally {
      await release(sequence);
    }
  }

  return {
    generate,
    async close() {
      await context.dispose();
      await model.dispose();
    },
  };
}

/**
 * The sampler returns probabilities after temperature; undo it so logprobs are those of the raw
 * model (ln p = T·ln p_T − logsumexp(T·ln p_T)). At T=0 the map is already the raw distribution.
 * Keeps the map's order (most likely first), which temperature does not change.
 */
function rawLogprobs(probabilities: Map<Token, number>, temperature: number): Map<Token, number> {
  const scale = temperature > 0 ? temperature : 1;
  const scaled = [...probabilities].map(([token, p]) => [token, scale * Math.log(p)] as const);
  const max = Math.max(...scaled.map(([, v]) => v));
  const logZ = max + Math.log(scaled.reduce((sum, [, v]) => sum + Math.exp(v - max), 0));
  return new Map(scaled.map(([token, v]) => [token, v - logZ]));
}

function firstStop(text: string, stops: string[]): number | undefined {
  const hits = stops.map((s) => text.indexOf(s)).filter((at) => at >= 0);
  return hits.length > 0 ? Math.min(...hits) : undefined;
}
