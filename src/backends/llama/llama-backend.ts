/**
 * The embedded backend: a GGUF model run in-process by llama.cpp (node-llama-cpp). The n samples of a
 * request run as parallel sequences of one context, decoded together in shared batches, and share
 * the prompt's prefill through a KV-cache fork.
 */
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { AbortError, BackendError, InvalidInputError, ModelLoadError, QuorumError } from '../../core/errors.js';
import { createPool, type Pool } from '../../core/pool.js';
import { deriveSeed } from '../../core/rng.js';
import type { Sample } from '../../core/types.js';
import type { Backend, BackendCapabilities, GenerateRequest } from '../backend.js';
import { ABORTED, raceAbort } from './abort-race.js';
import { runSampleLoop } from './generate-sample.js';
import { loadModel, resolveModelPath, sharedLlamaInstance, type DownloadProgress } from './load-model.js';
import { PrefixLoader, type PrefixStats } from './prefix-sharing.js';
import { hasChatTemplate, promptTokens } from './prompt-tokens.js';
import { checkRequest } from '../request-checks.js';
import { Channel } from '../../core/channel.js';
import type { Decoding } from '../../decoding/decoding.js';
import { cntpStepper, type ForkSequences } from './cntp-stepper.js';
import { decodePath, type SamplerPath } from './decode-path.js';
import { nativeStepper, tokenLevelStepper, type Report, type TokenStepper } from './token-steppers.js';

export interface LlamaBackendOptions {
  /** A local .gguf path, an `hf:user/repo/file.gguf` URI, or an https URL (downloaded once into `cacheDir`). */
  model: string;
  /**
   * CPU threads for decoding. Default: 1 for tiny models (under 64 MiB, where extra threads only
   * spin-wait: 20–200× slower on 2 cores), else the machine's math cores.
   */
  threads?: number;
  /** Tokens per sequence (prompt + completion). Default: the model's training context, at most 4096. */
  contextSize?: number;
  /** Sequences decoded together; requests with more samples run in waves. Default 8. */
  parallel?: number;
  /** Fork the prompt's KV cache across samples instead of evaluating it per sample. Default true. */
  sharePrefix?: boolean;
  /**
   * `auto` (default): llama.cpp's own sampler where it runs the sampler the same way (temperature
   * only), quorum's token-level sampler over raw logits otherwise. `token-level`: quorum's sampler for
   * every request (to compare the two; the draws differ from auto's for temperature-only samplers).
   */
  samplerPath?: SamplerPath;
  /** Where remote models are downloaded. Default `~/.cache/quorum/models`. */
  cacheDir?: string;
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** Cancels a download in progress. */
  signal?: AbortSignal;
}

export interface LlamaBackend extends Backend {
  readonly modelPath: string;
  readonly threads: number;
  readonly contextSize: number;
  readonly parallel: number;
  /** Whether the GGUF has a chat template; without one, send raw completion prompts. */
  readonly hasChatTemplate: boolean;
  /** How prompt prefixes were loaded so far (evaluated tokens, forks, failed forks). */
  readonly prefixStats: Readonly<PrefixStats>;
  close(): Promise<void>;
}

const TINY_MODEL_BYTES = 64 * 2 ** 20;

/** Most top alternatives per position a request may ask for (the OpenAI API's limit). */
const MAX_TOP_LOGPROBS = 20;

const capabilities: BackendCapabilities = {
  logprobs: true,
  topLogprobs: MAX_TOP_LOGPROBS,
  nativeN: true,
  streaming: true,
  fullDistribution: true,
};

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < 1) throw new InvalidInputError(`${name} must be a positive integer, got ${String(value)}`);
  return resolved;
}

export async function createLlamaBackend(options: LlamaBackendOptions): Promise<LlamaBackend> {
  const llama = await sharedLlamaInstance();
  if (options.threads !== undefined) positiveInteger('threads', options.threads, 1);
  const parallel = positiveInteger('parallel', options.parallel, 8);
  const modelPath = await resolveModelPath(options.model, {
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    ...(options.onDownloadProgress && { onProgress: options.onDownloadProgress }),
    ...(options.signal && { signal: options.signal }),
  });
  const model = await loadModel(modelPath);
  const threads = options.threads ?? (model.size < TINY_MODEL_BYTES ? 1 : llama.cpuMathCores);
  let context: LlamaContext;
  try {
    const contextSize = positiveInteger('contextSize', options.contextSize, Math.min(model.trainContextSize, 4096));
    context = await model.createContext({ contextSize, sequences: parallel, threads });
  } catch (cause) {
    await model.dispose();
    if (cause instanceof QuorumError) throw cause;
    throw new ModelLoadError(`could not create a llama.cpp context for ${modelPath}: ${String(cause)}. Try a smaller contextSize or parallel.`, { cause });
  }
  return new EmbeddedLlama(model, context, modelPath, threads, parallel, options.sharePrefix ?? true, options.samplerPath ?? 'auto');
}

class EmbeddedLlama implements LlamaBackend {
  readonly capabilities = capabilities;
  readonly id: string;
  readonly hasChatTemplate: boolean;
  private readonly sequences: LlamaContextSequence[];
  private readonly idle: LlamaContextSequence[];
  private readonly pool: Pool;
  private readonly prefix: PrefixLoader;
  /** Aborts everything still running when the backend closes. */
  private readonly lifetime = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    readonly modelPath: string,
    readonly threads: number,
    readonly parallel: number,
    sharePrefix: boolean,
    private readonly samplerPath: SamplerPath,
  ) {
    this.id = `llama:${path.basename(modelPath)}`;
    this.hasChatTemplate = hasChatTemplate(model);
    this.sequences = Array.from({ length: parallel }, () => context.getSequence());
    this.idle = this.sequences.slice();
    this.pool = createPool(parallel);
    this.prefix = new PrefixLoader(sharePrefix, this.sequences);
  }

  get contextSize(): number {
    return this.context.contextSize;
  }

  get prefixStats(): Readonly<PrefixStats> {
    return this.prefix.stats;
  }

  async *generate(request: GenerateRequest): AsyncIterable<Sample> {
    if (this.closing) throw new BackendError(`${this.id} is closed; create a new backend`);
    const checked = checkRequest(request, { maxTopLogprobs: MAX_TOP_LOGPROBS });
    const prompt = promptTokens(this.model, request.prompt);
    const room = this.contextSize - prompt.tokens.length;
    if (room < 1) {
      throw new InvalidInputError(
        `the prompt has ${prompt.tokens.length} tokens but each sequence holds ${this.contextSize}; shorten the prompt or raise contextSize`,
      );
    }
    // One signal for the request: the caller's, the backend's lifetime, and an early stop by the reader.
    const reader = new AbortController();
    const signal = AbortSignal.any([reader.signal, this.lifetime.signal, ...(request.signal ? [request.signal] : [])]);
    // Every waiting and running sample listens on it: that is n listeners by design, not a leak.
    setMaxListeners(0, signal);

    const baseSeed = request.seed ?? Math.floor(Math.random() * 2 ** 32);
    const job: SampleJob = {
      tokens: prompt.tokens,
      stopTokens: new Set(prompt.stopTokens),
      stopTexts: [...checked.stop, ...prompt.stopTexts],
      maxTokens: Math.min(request.maxTokens ?? room, room),
      decoding: checked.decoding,
      ...((request.logprobs === true || checked.topLogprobs > 0 || request.distributionStats === true) && {
        report: { topLogprobs: checked.topLogprobs, distributionStats: request.distributionStats === true },
      }),
      signal,
      startedAt: performance.now(),
      ...(request.onToken && { onToken: request.onToken }),
    };
    const channel = new Channel<Sample>();
    const samples = Array.from({ length: checked.n }, (_, index) =>
      this.runSample(job, index, deriveSeed(baseSeed, index)).then((sample) => channel.push(sample)),
    );
    void Promise.all(samples).then(() => channel.close());
    try {
      yield* channel;
    } finally {
      // A reader that stops early cancels what it no longer wants.
      reader.abort();
    }
  }

  /** Resolves with the sample as soon as it is known; the sequence is released after its last decode. */
  private runSample(job: SampleJob, index: number, seed: number): Promise<Sample> {
    return new Promise<Sample>((deliver) => {
      const task = this.pool
        .run(() => this.sampleOnSequence(job, index, seed, deliver), job.signal)
        .catch((cause: unknown) => deliver(failedSample(index, seed, cause)));
      this.running.add(task);
      void task.finally(() => this.running.delete(task));
    });
  }

  private async sampleOnSequence(job: SampleJob, index: number, seed: number, deliver: (sample: Sample) => void): Promise<void> {
    const sequence = this.takeSequence(job.tokens);
    try {
      const prefill = this.prefix.load(sequence, job.tokens.slice(0, -1));
      const evaluated = await raceAbort(prefill, job.signal);
      if (evaluated === ABORTED) {
        deliver(failedSample(index, seed, new AbortError('generation cancelled before it started')));
        await prefill.catch(() => undefined);
        return;
      }
      const stepper = this.stepperFor(job, sequence, seed);
      try {
        deliver(
          await runSampleLoop(this.model, stepper, {
            index,
            seed,
            maxTokens: job.maxTokens,
            stopTexts: job.stopTexts,
            stopTokens: job.stopTokens,
            keepLogprobs: job.report !== undefined,
            promptTokens: evaluated + 1,
            startedAt: job.startedAt,
            signal: job.signal,
            ...(job.onToken && { onToken: job.onToken }),
          }),
        );
      } finally {
        await stepper.close();
      }
    } catch (cause) {
      deliver(failedSample(index, seed, cause));
    } finally {
      this.idle.push(sequence);
    }
  }

  /** The sampler alone picks the stepper, so what is reported never changes what is drawn. */
  private stepperFor(job: SampleJob, sequence: LlamaContextSequence, seed: number): TokenStepper {
    const first = job.tokens.at(-1) as Token;
    const { sampler, decode } = job.decoding;
    const temperature = sampler.temperature ?? 1;
    const way = decodePath(job.decoding, this.samplerPath);
    if (way === 'native') return nativeStepper(sequence, this.model, first, { temperature, seed, report: job.report });
    const options = { sampler, temperature, seed, report: job.report };
    if (way !== 'cntp' || decode.mode !== 'cntp') return tokenLevelStepper(sequence, this.model, first, options);
    return cntpStepper(sequence, this.model, first, {
      ...options,
      cntp: decode,
      isEnd: (token) => this.model.isEogToken(token) || job.stopTokens.has(token),
      stopTexts: job.stopTexts,
      forks: this.forks,
      signal: job.signal,
    });
  }

  /** Idle sequences lent to CNTP's branches, each with a pool slot so no sample finds them taken. */
  private readonly forks: ForkSequences = (() => {
    const releases = new Map<LlamaContextSequence, () => void>();
    return {
      borrow: (max) => {
        const lent: LlamaContextSequence[] = [];
        while (lent.length < max && this.idle.length > 0) {
          const release = this.pool.tryHold();
          if (release === undefined) break;
          const sequence = this.idle.pop() as LlamaContextSequence;
          releases.set(sequence, release);
          lent.push(sequence);
        }
        return lent;
      },
      giveBack: (sequences) => {
        for (const sequence of sequences) {
          this.idle.push(sequence);
          releases.get(sequence)?.();
          releases.delete(sequence);
        }
      },
    };
  })();

  /** An idle sequence, preferring one that already holds the longest part of this prompt. */
  private takeSequence(tokens: readonly Token[]): LlamaContextSequence {
    let best = 0;
    let bestShared = -1;
    this.idle.forEach((sequence, at) => {
      const held = sequence.contextTokens;
      let shared = 0;
      while (shared < held.length && shared < tokens.length && held[shared] === tokens[shared]) shared++;
      if (shared > bestShared) [best, bestShared] = [at, shared];
    });
    const [sequence] = this.idle.splice(best, 1);
    if (sequence === undefined) throw new BackendError('internal: no idle llama.cpp sequence although the pool granted a slot');
    return sequence;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.lifetime.abort();
      await Promise.allSettled(this.running);
      await this.context.dispose();
      await this.model.dispose();
    })();
    return this.closing;
  }
}

interface SampleJob {
  tokens: Token[];
  stopTokens: Set<Token>;
  stopTexts: string[];
  maxTokens: number;
  decoding: Decoding;
  /** What to report per token; absent: nothing. */
  report?: Report;
  signal: AbortSignal;
  startedAt: number;
  onToken?: GenerateRequest['onToken'];
}

/** A sample that never produced tokens: cancelled while waiting, or failed before decoding. */
function failedSample(index: number, seed: number, cause: unknown): Sample {
  const aborted = cause instanceof AbortError;
  const error =
    cause instanceof QuorumError ? cause : new BackendError(`llama.cpp generation failed: ${String(cause)}`, {}, { cause });
  return {
    index,
    text: '',
    tokens: 0,
    finishReason: aborted ? 'aborted' : 'error',
    status: aborted ? 'aborted' : 'error',
    error,
    usage: { promptTokens: 0, completionTokens: 0, calls: 0 },
    seed,
  };
}
