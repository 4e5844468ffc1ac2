/**
 * `selfCheck()`: SelfCheckGPT for one passage. The passage is split into sentences and each sentence
 * is scored against sampled passages — drawn here from any backend, or given — by the n-gram model
 * (free) or by an LLM judge (the Prompt or NLI-style variant), whose calls stop early per sentence
 * by a JudgeStop rule. Higher scores mean "more likely made up"; the passage score is their mean.
 * Every model call — samples and judge verdicts — is counted in the usage.
 */
import type { Backend, SamplingOptions } from '../backends/backend.js';
import { BackendError, InvalidInputError } from '../core/errors.js';
import { createPool } from '../core/pool.js';
import { createRng, deriveSeed, shuffled } from '../core/rng.js';
import type { Prompt, Sample, Usage } from '../core/types.js';
import { addUsage, emptyUsage } from '../core/usage.js';
import { judgeVariants, type JudgeVariantName } from './judge-prompts.js';
import { judgeSentence, type JudgeSettings, type Verdict } from './judge.js';
import { stopOnSupport, type JudgeStop } from './judge-stop.js';
import { ngramScores, type NgramSentenceScore } from './ngram.js';
import { splitSentences } from './sentences.js';
import { lexicalSupport } from './support.js';

export type SelfCheckMethod = 'ngram' | JudgeVariantName;
export const selfCheckMethods: readonly SelfCheckMethod[] = ['ngram', 'prompt', 'nli'];

export interface SamplerSettings {
  backend: Backend;
  /** The prompt that produced the passage: the samples answer it again. */
  prompt: Prompt;
  /** Samples to draw. Default 20 (the paper's). */
  n?: number;
  /** Default temperature 1 (the paper's). */
  sampling?: SamplingOptions;
}

export interface JudgeOptions extends Omit<JudgeSettings, 'variant' | 'seed' | 'signal'> {
  /** When to stop asking about a sentence. Default `stopOnSupport()`; `askEveryPair()` asks all. */
  stop?: JudgeStop;
  /** Sentences judged at once. Default 4. */
  concurrency?: number;
}

export interface SelfCheckOptions {
  passage: string;
  /** The passage's sentences, when already split; default `splitSentences(passage)`. */
  sentences?: readonly string[];
  /** Sampled passages to check against; or let `sampler` draw them. */
  samples?: readonly string[];
  sampler?: SamplerSettings;
  /** Default `prompt` with a judge, `ngram` without. */
  method?: SelfCheckMethod;
  /** The LLM judge for `prompt` and `nli` (it may be the sampler's backend). */
  judge?: JudgeOptions;
  /** n-gram order of the `ngram` method's score (its `max`, as the paper's best). Default 1. */
  ngramOrder?: number;
  /** Seeds the sampling and the order in which samples are put to the judge. Default 0. */
  seed?: number;
  signal?: AbortSignal;
}

export interface SentenceCheck {
  index: number;
  text: string;
  /** The method's score (0…1 for judges, −log p̃ ≥ 0 for n-grams); null when every judge call failed. */
  score: number | null;
  /** The unigram scores, computed for every method (they cost nothing). */
  ngram: NgramSentenceScore;
  /** The judge's verdicts, in asking order (empty for `ngram`). */
  verdicts: Verdict[];
}

export interface SelfCheckResult {
  method: SelfCheckMethod;
  sentences: SentenceCheck[];
  /** Mean of the sentence scores (null when none has one). */
  passageScore: number | null;
  samples: string[];
  /** The judge stop rule used, for judge methods. */
  stop?: string;
  usage: { sampling: Usage; judge: Usage; total: Usage };
}

async function drawSamples(sampler: SamplerSettings, seed: number, signal: AbortSignal | undefined): Promise<{ texts: string[]; usage: Usage }> {
  const n = sampler.n ?? 20;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`the sampler's n must be a positive integer, got ${String(n)}`);
  const drawn: Sample[] = [];
  for await (const sample of sampler.backend.generate({ temperature: 1, ...sampler.sampling, prompt: sampler.prompt, n, seed, ...(signal && { signal }) })) {
    drawn.push(sample);
  }
  const ok = drawn.toSorted((a, b) => a.index - b.index).filter((s) => s.status === 'ok' && s.text.trim() !== '');
  if (ok.length === 0) {
    const reason = drawn.find((s) => s.error !== undefined)?.error?.message ?? 'every sample came back empty';
    throw new BackendError(`no usable sample to check against from ${sampler.backend.id}: ${reason}`);
  }
  return { texts: ok.map((s) => s.text), usage: addUsage(...drawn.map((s) => s.usage)) };
}

const meanOf = (values: readonly (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
};

export async function selfCheck(options: SelfCheckOptions): Promise<SelfCheckResult> {
  const seed = options.seed ?? 0;
  const method = options.method ?? (options.judge === undefined ? 'ngram' : 'prompt');
  if (!selfCheckMethods.includes(method)) throw new InvalidInputError(`unknown selfcheck method "${String(method)}"; choose one of: ${selfCheckMethods.join(', ')}`);
  if (method !== 'ngram' && options.judge === undefined) {
    throw new InvalidInputError(`the ${method} method asks an LLM judge; pass judge: { backend }, or use method 'ngram'`);
  }
  if ((options.samples === undefined) === (options.sampler === undefined)) {
    throw new InvalidInputError('pass either samples (texts to check against) or a sampler to draw them, not both or neither');
  }
  const sentences = options.sentences === undefined ? splitSentences(options.passage) : [...options.sentences];
  if (sentences.length === 0) throw new InvalidInputError('the passage has no sentence to check');
  const drawn = options.sampler === undefined ? { texts: [...(options.samples ?? [])], usage: emptyUsage() } : await drawSamples(options.sampler, seed, options.signal);
  const samples = drawn.texts;
  if (samples.length === 0) throw new InvalidInputError('give at least one sample to check the passage against');

  const unigram = ngramScores(sentences, samples).sentences;
  const ngram = method === 'ngram' && (options.ngramOrder ?? 1) !== 1 ? ngramScores(sentences, samples, { n: options.ngramOrder ?? 1 }).sentences : unigram;
  const judged = method === 'ngram' ? undefined : await judgeAll(sentences, samples, method, options.judge as JudgeOptions, seed, options.signal);
  const checks: SentenceCheck[] = sentences.map((text, index) => ({
    index,
    text,
    score: judged === undefined ? (ngram[index] as NgramSentenceScore).max : (judged.results[index]?.score ?? null),
    ngram: unigram[index] as NgramSentenceScore,
    verdicts: judged?.results[index]?.verdicts ?? [],
  }));
  const judgeUsage = addUsage(...checks.flatMap((c) => c.verdicts.map((v) => v.usage)));
  if (judged !== undefined && checks.every((c) => c.score === null)) {
    const reason = checks.flatMap((c) => c.verdicts).find((v) => v.error !== undefined)?.error?.message ?? 'no verdict could be read';
    throw new BackendError(`every judge call failed: ${reason}`);
  }
  return {
    method,
    sentences: checks,
    passageScore: meanOf(checks.map((c) => c.score)),
    samples,
    ...(judged !== undefined && { stop: judged.stop }),
    usage: { sampling: drawn.usage, judge: judgeUsage, total: addUsage(drawn.usage, judgeUsage) },
  };
}

async function judgeAll(sentences: readonly string[], samples: readonly string[], variant: JudgeVariantName, judge: JudgeOptions, seed: number, signal: AbortSignal | undefined) {
  const stop = judge.stop ?? stopOnSupport();
  const support = lexicalSupport(sentences, samples);
  const settings: JudgeSettings = { ...judge, variant: judgeVariants[variant], seed: deriveSeed(seed, 'judge'), ...(signal && { signal }) };
  const pool = createPool(judge.concurrency ?? 4);
  const indices = samples.map((_, n) => n);
  const results = await Promise.all(
    sentences.map((sentence, i) =>
      pool.run(() => judgeSentence(settings, sentence, samples, support[i] ?? [], stop, shuffled(indices, createRng(deriveSeed(seed, 'order', i))))),
    ),
  );
  return { results, stop: stop.name };
}
