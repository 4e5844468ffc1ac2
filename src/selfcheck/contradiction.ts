/**
 * Self-contradiction detection and mitigation (ChatProtect, algorithms.md §8b). For each sentence,
 * given the sentences before it: (1) the model writes the sentence's opening up to its main fact,
 * (2) continues the text from that opening at temperature > 0 — an alternative sentence about the
 * same thing, (3) explains whether the two contradict and concludes Yes/No. With `mitigate`, a
 * contradicted sentence is rewritten without the conflict and checked again, up to `rounds` checks;
 * one still contradicted after the last check, or rewritten to nothing, is dropped. Every call is
 * counted in the usage.
 */
import type { Backend } from '../backends/backend.js';
import { generateOne } from '../backends/generate-one.js';
import { AbortError, BackendError, InvalidInputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import type { ChatMessage, Usage } from '../core/types.js';
import { addUsage, emptyUsage } from '../core/usage.js';
import {
  alternativePrompt,
  clozePrompt,
  CONCLUDE_PROMPT,
  conversation,
  explainPrompt,
  readCloze,
  readConclusion,
  revisePrompt,
  type Conclusion,
} from './contradiction-prompts.js';
import { splitSentences } from './sentences.js';

export interface ContradictionOptions {
  passage: string;
  sentences?: readonly string[];
  /** What the passage answers (the user's prompt); it frames every question. */
  topic: string;
  /** The model that wrote the passage, or any model playing it. */
  backend: Backend;
  /** Send chat messages instead of raw text. Default false. */
  chat?: boolean;
  /** Temperature of the alternative sentence. Default 1. */
  temperature?: number;
  /** Most tokens of an alternative sentence, an explanation, a rewrite. Default 96. */
  maxTokens?: number;
  /** Rewrite contradicted sentences. Default false (detect only). */
  mitigate?: boolean;
  /** Checks per sentence when mitigating (the first, plus re-checks of rewrites). Default 2. */
  rounds?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface ContradictionCheck {
  /** The sentence checked in this round (the original, then rewrites). */
  sentence: string;
  /** The opening the alternative was continued from; null when none could be read (unchecked). */
  cloze: string | null;
  alternative: string | null;
  explanation: string | null;
  conclusion: Conclusion | 'unchecked';
}

export interface SentenceContradiction {
  index: number;
  text: string;
  /** The first check found a contradiction. */
  contradictory: boolean;
  checks: ContradictionCheck[];
  /** With `mitigate`: the sentence kept (possibly rewritten), or null when it was dropped. */
  final: string | null;
  usage: Usage;
}

export interface ContradictionResult {
  sentences: SentenceContradiction[];
  /** With `mitigate`: the passage with rewrites and without dropped sentences. */
  revised: string | null;
  usage: Usage;
}

interface Caller {
  ask(prompt: ChatMessage[], temperature: number, label: string): Promise<string | null>;
  usage(): Usage;
}

/** One call at a time for one sentence, its usage collected; null text when the call failed. */
function caller(options: ContradictionOptions, index: number): Caller {
  const usages: Usage[] = [];
  let calls = 0;
  return {
    async ask(turns, temperature, label) {
      if (options.signal?.aborted) throw new AbortError('the contradiction check was cancelled through its AbortSignal');
      const { sample, usage } = await generateOne(options.backend, {
        prompt: conversation(turns, options.chat ?? false),
        temperature,
        maxTokens: options.maxTokens ?? 96,
        seed: deriveSeed(options.seed ?? 0, 'contradiction', index, label, calls++),
        ...(options.signal && { signal: options.signal }),
      });
      usages.push(usage);
      return sample?.status === 'ok' ? sample.text.trim() : null;
    },
    usage: () => (usages.length === 0 ? emptyUsage() : addUsage(...usages)),
  };
}

async function checkOnce(ask: Caller['ask'], options: ContradictionOptions, prefix: string, sentence: string): Promise<ContradictionCheck> {
  const unchecked = (cloze: string | null, alternative: string | null): ContradictionCheck => ({ sentence, cloze, alternative, explanation: null, conclusion: 'unchecked' });
  const clozeAnswer = await ask([{ role: 'user', content: clozePrompt(sentence) }], 0, 'cloze');
  const cloze = clozeAnswer === null ? null : readCloze(clozeAnswer, sentence);
  if (cloze === null) return unchecked(null, null);
  const continuation = await ask([{ role: 'user', content: alternativePrompt(options.topic, prefix, cloze) }], options.temperature ?? 1, 'alternative');
  const alternative = continuation === null ? null : (splitSentences(continuation)[0] ?? null);
  if (alternative === null) return unchecked(cloze, null);
  // The same sentence cannot contradict itself (ChatProtect skips the judge here too).
  if (alternative === sentence) return { sentence, cloze, alternative, explanation: null, conclusion: 'consistent' };
  const explainTurn: ChatMessage = { role: 'user', content: explainPrompt(options.topic, prefix, sentence, alternative) };
  const explanation = await ask([explainTurn], 0, 'explain');
  if (explanation === null) return unchecked(cloze, alternative);
  const verdict = await ask([explainTurn, { role: 'assistant', content: explanation }, { role: 'user', content: CONCLUDE_PROMPT }], 0, 'conclude');
  return { sentence, cloze, alternative, explanation, conclusion: verdict === null ? 'unchecked' : readConclusion(verdict) };
}

export async function checkContradictions(options: ContradictionOptions): Promise<ContradictionResult> {
  const rounds = options.rounds ?? 2;
  if (!Number.isInteger(rounds) || rounds < 1) throw new InvalidInputError(`rounds must be a positive integer, got ${String(rounds)}`);
  if (options.topic.trim() === '') throw new InvalidInputError('give the topic: the prompt the passage answers');
  const sentences = options.sentences === undefined ? splitSentences(options.passage) : [...options.sentences];
  if (sentences.length === 0) throw new InvalidInputError('the passage has no sentence to check');
  const results: SentenceContradiction[] = [];
  for (const [index, text] of sentences.entries()) {
    const { ask, usage } = caller(options, index);
    const prefix = sentences.slice(0, index).join(' ');
    const checks = [await checkOnce(ask, options, prefix, text)];
    let final: string | null = text;
    if (options.mitigate === true) {
      while (checks.at(-1)?.conclusion === 'contradictory' && final !== null) {
        if (checks.length >= rounds) {
          final = null;
          break;
        }
        const last = checks.at(-1) as ContradictionCheck;
        const rewrite = await ask([{ role: 'user', content: revisePrompt(options.topic, prefix, last.sentence, last.alternative ?? '') }], 0, 'revise');
        final = rewrite === null || rewrite.trim() === '' ? null : rewrite.trim();
        if (final !== null) checks.push(await checkOnce(ask, options, prefix, final));
      }
    }
    results.push({ index, text, contradictory: checks[0]?.conclusion === 'contradictory', checks, final: options.mitigate === true ? final : text, usage: usage() });
  }
  const usage = addUsage(...results.map((r) => r.usage));
  if (usage.calls > 0 && results.every((r) => r.checks.every((c) => c.conclusion === 'unchecked'))) {
    throw new BackendError(`no sentence could be checked for contradictions with ${options.backend.id}: the model gave no usable opening, alternative or verdict`);
  }
  const revised = options.mitigate === true ? results.flatMap((r) => (r.final === null ? [] : [r.final])).join(' ') : null;
  return { sentences: results, revised, usage };
}
