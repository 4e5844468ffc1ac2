/**
 * quorum's public API: what a library user imports from `quorum`. One flat file of re-exports; the
 * modules behind it are internal and may move. Heavier parts have their own entry points:
 * `quorum/llama` (the embedded llama.cpp model), `quorum/eval` (offline evaluation and metrics) and
 * `quorum/testing` (the conformance suites for your own backend or strategy).
 *
 * Naming: strategies are named after what they do (`majority()`), stop rules end in `Rule`
 * (`betaRule()`), answer kinds in `Answers` (`mathAnswers()`), backends are made by `create…Backend`,
 * and every registry is read with `get…(name)`.
 */

// The engine: one question, many samples, one decision.
export { solve, type SolveOptions, type SolveResult } from './engine/solve.js';
export type { SolveEvent } from './engine/events.js';

// Calibration: a fitted calibration (`quorum calibrate`) read from its file, applied by solve({ calibration }).
export { calibrateDecision, calibrationNeedsLogprobs, checkCalibrationUse } from './calibration/apply-calibration.js';
export { calibrationJsonSchema, parseCalibration, readCalibration, writeCalibration, type CalibrationArtifact } from './calibration/artifact.js';

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
export {
  createReplayBackend,
  ReplayExhaustedError,
  type ReplayBackend,
  type ReplayOptions,
} from './backends/replay/replay-backend.js';
export { loadSamplePool, parseSamplePool, type LoadOptions } from './recordings/load-sample-pool.js';
export { sampleFormats, type RecordedQuestion, type SampleFormat, type SamplePool } from './recordings/recorded-question.js';
export { collectSamples } from './backends/collect-samples.js';

// Answer kinds: how a final answer is extracted from text and when two answers are the same.
export type { AnswerKind, CheckedQuestion } from './answers/answer-kind.js';
export { answerKindNames, getAnswerKind } from './answers/registry.js';
export { readGold } from './answers/gold.js';
export { exactAnswers } from './answers/exact.js';
export { mathAnswers, type MathAnswerOptions } from './answers/math.js';
export { numberAnswers } from './answers/number.js';
export { dateAnswers, type DateAnswerOptions } from './answers/date.js';
export { stringAnswers } from './answers/string.js';
export { choiceAnswers, type ChoiceOption } from './answers/choice.js';
export { yesNoAnswers } from './answers/yes-no.js';
export { textAnswers } from './answers/text.js';
export { semanticAnswers, semanticEntropy, type SemanticAnswerOptions, type SemanticAnswers } from './answers/semantic.js';
export { regexAnswers, type RegexAnswerOptions } from './answers/regex.js';
export { game24Answers, type Game24Options } from './answers/game24.js';

// Strategies: samples → decision.
export type { SampleNeed, Strategy, StrategyContext } from './strategies/strategy.js';
export { getStrategy, strategyNames, type StrategyName, type StrategyOptionsByName } from './strategies/registry.js';
export { parseStrategySpec } from './strategies/strategy-spec.js';
export type { CallSettings } from './strategies/model-call.js';
export { majority, type MajorityOptions } from './strategies/majority.js';
export { weighted, type SampleWeight, type WeightedOptions } from './strategies/weighted.js';
export { bestOfN, type BestOfNOptions } from './strategies/best-of-n.js';
export { borda, type BordaOptions } from './strategies/borda.js';
export { rpc, type RpcOptions } from './strategies/rpc.js';
export { deepConf, type DeepConfOptions } from './strategies/deepconf.js';
export { ensemble, type EnsembleOptions } from './strategies/ensemble.js';
export { usc, type UscOptions } from './strategies/usc.js';
export { gsa, type GsaOptions } from './strategies/gsa.js';
export { pTrue, type PTrueOptions } from './strategies/p-true.js';
export { verifiedVote, type VerifiedVoteOptions } from './strategies/verified-vote.js';
export { majorityOfPassed, type MajorityOfPassedOptions } from './strategies/majority-of-passed.js';
export { cisc, type CiscOptions } from './strategies/cisc.js';
export { fobar, type FobarOptions } from './strategies/fobar.js';
export { getSignal, signalNames, type SignalName } from './signals/registry.js';

// Self-feedback: the model checks (verifiers) and corrects (loops) its own samples; solve({ feedback }).
export type { Check, CheckFailure, CheckFailureReason, Critique, Revision, StepVerdict } from './core/check.js';
export type { FeedbackOptions, FeedbackMethodName } from './feedback/feedback-options.js';
export type { FeedbackReport } from './engine/solve-feedback.js';
export type { CheckInput, Verifier } from './feedback/verifier.js';
export { getVerifier, parseVerifierSpec, verifierNames, type VerifierName, type VerifierOptionsByName } from './feedback/verifiers/registry.js';
export { pTrueVerifier, type PTrueVerifierOptions } from './feedback/verifiers/p-true.js';
export { genrmVerifier, type GenrmOptions } from './feedback/verifiers/genrm.js';
export { rederiveVerifier } from './feedback/verifiers/rederive.js';
export { backwardVerifier, type BackwardOptions } from './feedback/verifiers/backward.js';
export { scoreVerifier, type ScoreVerifierOptions } from './feedback/verifiers/score.js';
export type { TemplateSet } from './feedback/templates/template-set.js';
export { getTemplateSet, templateSetNames } from './feedback/templates/registry.js';
export { loadTemplateSet, parseTemplateSet } from './feedback/templates/load-template-set.js';
export { naturalLanguageTemplates } from './feedback/templates/natural-language.js';
export { toyArithSfTemplates } from './feedback/templates/toy-arith-sf.js';
export type { FeedbackCall, FeedbackStage, Staged } from './feedback/staged.js';
export { runStagedLive, runStagedVirtual } from './engine/run-staged.js';

// Stop rules: when more samples are not worth drawing.
export type { StopRule, StopSession, StopState, StopVerdict, TokenWatcher } from './stopping/stop-rule.js';
export { getStopRule, parseStopRule, stopRuleNames, type StopRuleName, type StopRuleOptionsByName } from './stopping/registry.js';
export { fixedRule, type FixedOptions } from './stopping/fixed.js';
export { escRule, type EscOptions } from './stopping/esc.js';
export { betaRule, type BetaOptions } from './stopping/beta.js';
export { dirichletRule, type DirichletOptions } from './stopping/dirichlet.js';
export { deepConfRule, type DeepConfRuleOptions } from './stopping/deepconf-online.js';
export { shortRule, type ShortOptions } from './stopping/short.js';
export { autoRule, type AutoOptions } from './stopping/auto.js';

// Hallucination detection in prose: SelfCheckGPT sentence scores and ChatProtect self-contradictions.
export {
  selfCheck,
  selfCheckMethods,
  type JudgeOptions,
  type SamplerSettings,
  type SelfCheckMethod,
  type SelfCheckOptions,
  type SelfCheckResult,
  type SentenceCheck,
} from './selfcheck/self-check.js';
export { selfCheckSamples, type CheckedDecision, type SampleCheckOptions, type SampleCheckResult } from './selfcheck/from-samples.js';
export {
  askEveryPair,
  fitSupportCurve,
  stopOnAgreement,
  stopOnSupport,
  SUPPORT_STOP_DEFAULTS,
  type JudgeStop,
  type JudgeStopState,
  type SupportObservation,
  type SupportStopOptions,
} from './selfcheck/judge-stop.js';
export { judgeVariants, nliJudge, promptJudge, type JudgeVariant, type JudgeVariantName } from './selfcheck/judge-prompts.js';
export type { Verdict } from './selfcheck/judge.js';
export { ngramScores, type NgramOptions, type NgramScores, type NgramSentenceScore } from './selfcheck/ngram.js';
export { splitSentences } from './selfcheck/sentences.js';
export { lexicalSupport } from './selfcheck/support.js';
export {
  checkContradictions,
  type ContradictionCheck,
  type ContradictionOptions,
  type ContradictionResult,
  type SentenceContradiction,
} from './selfcheck/contradiction.js';
export { createRecordedJudgeBackend, type RecordedJudgeBackend } from './selfcheck/recorded-judge.js';
export { parseWikiBioRecording, type LabelledPassage } from './selfcheck/wikibio-recording.js';
