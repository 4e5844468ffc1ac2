/**
 * The one interface every model source implements: an OpenAI-compatible server, an embedded
 * llama.cpp model, or recorded samples replayed from disk.
 */
import type { GeneratedToken, Prompt, Sample } from '../core/types.js';
import type { DecodeInput } from '../decoding/decode-spec.js';
import type { SamplerInput } from '../decoding/sampler-spec.js';

/** What a backend can do, declared rather than guessed. */
export interface BackendCapabilities {
  /** Per-token logprob of the sampled token. */
  logprobs: boolean;
  /** Largest number of top alternatives per position it can return (0 = none). */
  topLogprobs: number;
  /** Generates n samples of one prompt in one call (otherwise callers fan out). */
  nativeN: boolean;
  /** Can report tokens as they are generated (`onToken`) and cancel one sample mid-generation. */
  streaming: boolean;
  /** Sees the full next-token distribution (exact entropy / self-certainty per token). */
  fullDistribution: boolean;
}

export interface SamplingOptions {
  /** Shorthand for the sampler's `temperature` (0 = greedy). Default 1 on the embedded model, the server's own on a server. */
  temperature?: number;
  /** Shorthand for the sampler's `top-p`. */
  topP?: number;
  /**
   * The sampler as data: its text (`temperature=2,min-p=0.1,order=temperature-first`) or its fields,
   * with top-k, top-p, min-p, Top-H and the order of temperature and truncation (docs/decoding.md).
   * A field given here and as a shorthand must agree.
   */
  sampler?: SamplerInput;
  /** `standard` (default) or cautious next-token prediction, `cntp:max=10,h-low=0.01,h-high=1.5` (embedded model only). */
  decode?: DecodeInput;
  maxTokens?: number;
  stopSequences?: string[];
  /** Base seed; sample i of a request uses a seed derived from it, so samples differ but replay identically. */
  seed?: number;
}

export interface GenerateRequest extends SamplingOptions {
  prompt: Prompt;
  /** Number of samples wanted. */
  n: number;
  /** Ask for the sampled token's logprob on every token. */
  logprobs?: boolean;
  /** Ask for this many top alternatives per position (implies `logprobs`). */
  topLogprobs?: number;
  /**
   * Ask for exact `entropy` and `selfCertainty` on every token (implies `logprobs`); only backends
   * with `fullDistribution` can honour it, the others ignore it.
   */
  distributionStats?: boolean;
  /** Cancels every generation of this request; cancelled samples come back with status 'aborted'. */
  signal?: AbortSignal;
  /**
   * Called for each generated token of sample `index` when the backend streams. Returning `'cancel'`
   * stops that one sample (status 'aborted', tokens so far counted).
   */
  onToken?: (index: number, token: GeneratedToken) => 'cancel' | void;
}

export interface Backend {
  /** A short human-readable identity, e.g. `openai:gpt-4o-mini` or `llama:toy-arith.gguf`. */
  readonly id: string;
  readonly capabilities: BackendCapabilities;
  /**
   * Yields the request's samples as each one finishes (not necessarily in index order). Failures of
   * single samples are yielded as samples with status 'error'; the iterator throws only when the
   * request as a whole cannot be made (bad configuration, unreachable model).
   */
  generate(request: GenerateRequest): AsyncIterable<Sample>;
  /** Releases models, contexts and connections. Safe to call twice. */
  close?(): Promise<void>;
}
