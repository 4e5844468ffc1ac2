/**
 * quorum's public API: everything a library user imports from `quorum`. One flat file of re-exports;
 * the modules behind it are internal and may move.
 */

import type { LlamaBackend, LlamaBackendOptions } from './backends/llama/llama-backend.js';

// The engine: one question, many samples, one decision.
export { solve, type SolveOptions, type SolveResult } from './engine/solve.js';
export type { SolveEvent } from './engine/events.js';

// Core data: samples in, decisions out.
export type {
  ChatMessage,
  ChatRole,
  ConfidenceKind,
  Decision,
  FinishReason,
  GeneratedToken,
  Prompt,
  Sample,
  SampleStatus,
  StopInfo,
  TopLogprob,
  Usage,
  Vote,
} from './core/types.js';
export { deriveSeed } from './core/rng.js';

// Errors: one base class, one subclass per failure a user can meet.
export {
  AbortError,
  BackendError,
  FileFormatError,
  InvalidInputError,
  InvalidResponseError,
  ModelLoadError,
  QuorumError,
  RateLimitError,
  TimeoutError,
  UnknownNameError,
} from './core/errors.js';

// Backends: the interface, an OpenAI-compatible server, the embedded llama.cpp model, recorded samples.
export type { Backend, BackendCapabilities, GenerateRequest, SamplingOptions } from './backends/backend.js';
export { createOpenAIBackend, type NMode, type OpenAIBackend, type OpenAIBackendOptions } from './backends/openai/index.js';
export type { LlamaBackend, LlamaBackendOptions } from './backends/llama/llama-backend.js';
export type { DownloadProgress } from './backends/llama/load-model.js';
export {
  createReplayBackend,
  ReplayExhaustedError,
  type ReplayBackend,
  type ReplayOptions,
} from './backends/replay/replay-backend.js';
export { detectFormat, loadSamplePool, parseSamplePool, type LoadOptions } from './backends/replay/load-sample-pool.js';
export { sampleFormats, type RecordedQuestion, type SampleFormat, type SamplePool } from './backends/replay/recorded-question.js';
export { toQuorumLine, writeQuorumJsonl } from './backends/replay/write-quorum-jsonl.js';

// Answer kinds: how a final answer is extracted from text and when two answers are the same.
export type { AnswerKind } from './answers/answer-kind.js';
export { answerKindNames, getAnswerKind } from './answers/registry.js';
export { exactAnswers } from './answers/exact.js';
export { mathAnswers, mathKind, mathLenientKind, type MathAnswerOptions } from './answers/math.js';
export { choiceAnswers, type ChoiceOption } from './answers/choice.js';
export { yesNoAnswers } from './answers/yes-no.js';
export { textAnswers } from './answers/text.js';

// Strategies: samples → decision.
export type { SampleNeed, Strategy, StrategyContext } from './strategies/strategy.js';
export {
  answerLevelStrategyNames,
  getStrategy,
  isStrategyName,
  strategyNames,
  strategyOptionKeys,
  type StrategyName,
  type StrategyOptionsByName,
} from './strategies/registry.js';
export { parseStrategySpec, splitStrategySpecs } from './strategies/strategy-spec.js';
export type { CallSettings } from './strategies/model-call.js';
export { majority, type MajorityOptions } from './strategies/majority.js';
export { weighted, type SampleWeight, type WeightedOptions } from './strategies/weighted.js';
export { bestOfN, type BestOfNOptions } from './strategies/best-of-n.js';
export { borda, type BordaOptions } from './strategies/borda.js';
export { rpc, type RpcOptions } from './strategies/rpc.js';
export { deepconf, type DeepConfOptions } from './strategies/deepconf.js';
export { ensemble, type EnsembleOptions } from './strategies/ensemble.js';
export { usc, type UscOptions } from './strategies/usc.js';
export { gsa, type GsaOptions } from './strategies/gsa.js';
export { pTrue, type PTrueOptions } from './strategies/p-true.js';
export { getSignal, signalNames, type SignalName } from './signals/registry.js';

// Stop rules: when more samples are not worth drawing.
export type { StopRule, StopSession, StopState, StopVerdict, TokenWatcher } from './stopping/stop-rule.js';
export {
  getStopRule,
  isStopRuleName,
  parseStopRule,
  stopRuleNames,
  type StopRuleName,
  type StopRuleOptionsByName,
} from './stopping/registry.js';
export { fixedRule, type FixedOptions } from './stopping/fixed.js';
export { escRule, type EscOptions } from './stopping/esc.js';
export { betaRule, type BetaOptions } from './stopping/beta.js';
export { dirichletRule, type DirichletOptions } from './stopping/dirichlet.js';
export { deepConfOnlineRule, type DeepConfOnlineOptions } from './stopping/deepconf-online.js';
export { AUTO_DEFAULTS, autoRule, type AutoOptions } from './stopping/auto.js';

/**
 * The embedded backend: a GGUF model run in-process by llama.cpp. node-llama-cpp is loaded on the first
 * call rather than when `quorum` is imported (it would make every import about half a second slower).
 */
export async function createLlamaBackend(options: LlamaBackendOptions): Promise<LlamaBackend> {
  const { createLlamaBackend: create } = await import('./backends/llama/llama-backend.js');
  return create(options);
}

// Calibration and evaluation metrics over (confidence, correct) pairs and recorded pools.
export {
  auroc,
  brierScore,
  calibrationSummary,
  ECE_BINS,
  expectedCalibrationError,
  type CalibrationSummary,
} from './eval/calibration.js';
export {
  reliabilityBins,
  riskCoverage,
  type ReliabilityBin,
  type RiskCoveragePoint,
  type Scored,
} from './eval/metrics/reliability.js';
export { coverageCurve, logGrid, passAtK, type CoveragePoint, type QuestionCounts } from './eval/metrics/pass-at-k.js';
export { fitCoverage, predictCoverage, type CoverageFit } from './eval/metrics/coverage-fit.js';
