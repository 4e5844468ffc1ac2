/**
 * The data that flows through quorum: samples in, decisions out.
 * Everything here is plain data with no I/O, so it can be recorded, replayed and compared.
 */
import type { Check, Revision } from './check.js';
import type { QuorumError } from './errors.js';

/** One alternative at a token position: the token's text and its natural-log probability. */
export interface TopLogprob {
  token: string;
  logprob: number;
}

/** One generated token with whatever probability information the backend could supply. */
export interface GeneratedToken {
  text: string;
  /** ln p(token) under the model's raw distribution (T=1, no truncation) when the backend can give it. */
  logprob?: number;
  /** The k most likely tokens at this position, most likely first. */
  top?: TopLogprob[];
  /**
   * Exact statistics of the full next-token distribution; only backends that see all logits
   * (the embedded model) fill these. `selfCertainty` is KL(U || p) in nats, `entropy` is H(p) in nats.
   */
  entropy?: number;
  selfCertainty?: number;
}

/** Token accounting, always exact: counted from what the backend reported or generated, never estimated. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Model calls made (one per request to a server or per embedded generation). */
  calls: number;
}

export type SampleStatus = 'ok' | 'error' | 'aborted';

/** Why a generation ended. */
export type FinishReason = 'stop' | 'length' | 'aborted' | 'error';

/**
 * One sampled response. A failed or cancelled generation is still a Sample (status 'error' or
 * 'aborted', with the error kept), so partial work is never lost and its tokens are still counted.
 */
export interface Sample {
  /** Position of the sample in request order within one solve or one recorded question. */
  index: number;
  text: string;
  /**
   * The extracted, canonical answer. `null` means no answer could be extracted: an abstention, which
   * never votes. `undefined` means extraction has not run yet.
   */
  answer?: string | null;
  /** Completion tokens generated for this sample, including those of a cancelled generation. */
  tokens: number;
  /**
   * Set when the server did not report `tokens` for this sample and the backend counted them:
   * `logprobs` = per-token logprob entries, `stream` = streamed chunks (one token each on common
   * servers), `split` = the request's total shared evenly among its choices, `unknown` = nothing to
   * count from (`tokens` is 0). Absent: as reported.
   */
  tokensCountedFrom?: 'logprobs' | 'stream' | 'split' | 'unknown';
  /** Per-token probability information, when requested and supported. */
  logprobs?: GeneratedToken[];
  finishReason: FinishReason;
  status: SampleStatus;
  error?: QuorumError;
  usage: Usage;
  /**
   * Which backend or model produced the sample, when samples of several are pooled (the `ensemble`
   * strategy weighs each source's votes by its own agreement). Absent: a single source.
   */
  source?: string;
  /** An external per-sample score (a reward model's, a verifier's), higher is better. */
  score?: number;
  seed?: number;
  /** Wall-clock milliseconds from request to the sample's end, when measured. */
  latencyMs?: number;
  /** What verifiers found about this sample, in the order they ran (see core/check.ts). */
  checks?: Check[];
  /** Set on a sample made by revising another one. */
  revises?: Revision;
}

/** One answer class in a vote table. */
export interface Vote {
  answer: string;
  /** Number of usable samples in this class. */
  count: number;
  /** The class's total weight under the strategy (equals `count` for plain majority). */
  weight: number;
  /** Indices of the samples in this class, in sample order. */
  samples: number[];
}

/**
 * What `confidence` means for a decision:
 * - `vote-share`: the winner's share of usable votes;
 * - `weight-share`: the winner's share of the total weight;
 * - `probability`: a model-derived probability that the answer is correct (P(True));
 * - `calibrated`: the probability that the answer is correct under a calibration fitted on a labelled
 *   run (`solve({ calibration })`, `quorum calibrate`); the strategy's own value is kept in `raw`.
 */
export type ConfidenceKind = 'vote-share' | 'weight-share' | 'probability' | 'calibrated';

/** Why sampling stopped. */
export interface StopInfo {
  rule: string;
  reason: string;
}

/** The outcome of aggregating samples: an answer (or an abstention) with a confidence in [0, 1]. */
export interface Decision {
  answer: string | null;
  confidence: number;
  confidenceKind: ConfidenceKind;
  abstained: boolean;
  /** Answer classes, highest weight first. */
  votes: Vote[];
  /** Index of the sample chosen to represent the answer, if the strategy picks one. */
  chosen?: number;
  sampleCounts: { usable: number; total: number };
  /** Tokens and calls over every model call made, including a strategy's own extra calls. */
  usage: Usage;
  strategy: string;
  stop?: StopInfo;
  /** Set when a calibration was applied: the strategy's own confidence and abstention, before calibration. */
  raw?: { confidence: number; confidenceKind: ConfidenceKind; abstained: boolean };
}

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** A raw completion prompt (a string) or a chat conversation. */
export type Prompt = string | ChatMessage[];
