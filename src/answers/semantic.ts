/**
 * Meaning-level answers for open questions (semantic entropy, Kuhn et al. 2023; the LLM-judge form of
 * Farquhar et al. 2024): two answers are one vote when an LLM judge says each entails the other. The
 * judge is asked as samples arrive — `classify(backend)` wraps the sampling backend so that every
 * finished sample is placed in a meaning class before `solve()` sees it — and then `equivalent` is a
 * plain lookup, so `majority`, every stop rule and the vote-share confidence work unchanged.
 *
 * A new answer is compared with one representative per class, in order of first appearance, both
 * directions (2 calls per pair, each direction cached; identical answers need none). The calls made
 * to place a sample are added to that sample's usage, so the decision's usage counts them.
 */
import type { Backend } from '../backends/backend.js';
import { generateOne } from '../backends/generate-one.js';
import { BackendError, InvalidInputError, QuorumError } from '../core/errors.js';
import type { Prompt, Sample, Usage, Vote } from '../core/types.js';
import { addUsage, emptyUsage } from '../core/usage.js';
import type { AnswerKind } from './answer-kind.js';
import { textAnswers } from './text.js';

export interface SemanticAnswerOptions {
  /** The LLM that judges entailment (it may be the sampling model). */
  judge: Backend;
  /** The question the answers answer: the judge reads them in its light. */
  question: string;
  /** Send chat messages to the judge instead of raw text. Default false. */
  chat?: boolean;
  /** How the answer is taken out of a sample's text. Default `textAnswers` (what follows "the answer is", else the first line). */
  extract?: AnswerKind;
  /** Most tokens of a judge answer. Default 8. */
  maxTokens?: number;
}

export interface SemanticAnswers extends AnswerKind {
  /** The sampling backend with every finished sample placed in a meaning class (and its judge usage added). */
  classify(backend: Backend): Backend;
  /** Every judge call so far. */
  readonly judgeUsage: Usage;
  /** Distinct meaning classes so far. */
  readonly classes: number;
}

/** Farquhar et al.'s entailment question. */
export function entailmentPrompt(question: string, first: string, second: string): string {
  return [
    `We are evaluating answers to the question "${question}"`,
    'Here are two possible answers:',
    `Possible Answer 1: ${first}`,
    `Possible Answer 2: ${second}`,
    'Does Possible Answer 1 semantically entail Possible Answer 2? Respond with entailment, contradiction, or neutral.',
    'Response:',
  ].join('\n');
}

/** The judge's first label word; only "entailment" counts as entailing. */
export const readEntailment = (answer: string): boolean => /^\W*entail/iu.test(answer.trim());

export function semanticAnswers(options: SemanticAnswerOptions): SemanticAnswers {
  const base = options.extract ?? textAnswers;
  const classOf = new Map<string, number>();
  const representatives: string[] = [];
  const entails = new Map<string, boolean>();
  let judgeUsage = emptyUsage();
  // Placing answers one at a time keeps class numbers in arrival order whatever the concurrency.
  let queue: Promise<unknown> = Promise.resolve();

  async function judgeEntails(first: string, second: string, signal: AbortSignal | undefined, usages: Usage[]): Promise<boolean> {
    const key = JSON.stringify([first, second]);
    const known = entails.get(key);
    if (known !== undefined) return known;
    const text = entailmentPrompt(options.question, first, second);
    const prompt: Prompt = options.chat === true ? [{ role: 'user', content: text }] : text;
    const { sample, usage } = await generateOne(options.judge, { prompt, temperature: 0, maxTokens: options.maxTokens ?? 8, ...(signal && { signal }) });
    usages.push(usage);
    judgeUsage = addUsage(judgeUsage, usage);
    if (sample?.status !== 'ok') {
      throw new BackendError(`the meaning judge ${options.judge.id} failed: ${sample?.error?.message ?? 'no answer'}`);
    }
    const verdict = readEntailment(sample.text);
    entails.set(key, verdict);
    return verdict;
  }

  async function place(answer: string, signal: AbortSignal | undefined): Promise<Usage> {
    const usages: Usage[] = [];
    if (!classOf.has(answer)) {
      let found: number | undefined;
      for (const [id, representative] of representatives.entries()) {
        if ((await judgeEntails(answer, representative, signal, usages)) && (await judgeEntails(representative, answer, signal, usages))) {
          found = id;
          break;
        }
      }
      if (found === undefined) {
        found = representatives.length;
        representatives.push(answer);
      }
      classOf.set(answer, found);
    }
    return usages.length === 0 ? emptyUsage() : addUsage(...usages);
  }

  /** The sample with its answer placed; a judge failure turns the sample into an error sample (its text and tokens kept). */
  async function classified(sample: Sample, signal: AbortSignal | undefined): Promise<Sample> {
    if (sample.status !== 'ok') return sample;
    const answer = sample.answer !== undefined ? sample.answer : base.extract(sample.text);
    if (answer === null) return { ...sample, answer: null };
    const turn = queue.then(() => place(answer, signal));
    queue = turn.catch(() => undefined);
    try {
      const usage = await turn;
      return { ...sample, answer, usage: addUsage(sample.usage, usage) };
    } catch (error) {
      const cause = error instanceof QuorumError ? error : new BackendError(String(error), {}, { cause: error });
      return { ...sample, answer, status: 'error', error: cause, finishReason: 'error' };
    }
  }

  return {
    name: 'semantic',
    extract: (text) => base.extract(text),
    normalize: (answer) => base.normalize(answer),
    equivalent(a, b) {
      if (a === b) return true;
      const ca = classOf.get(a);
      const cb = classOf.get(b);
      if (ca === undefined || cb === undefined) {
        throw new InvalidInputError(
          `the answer "${(ca === undefined ? a : b).slice(0, 60)}" was never placed in a meaning class; draw samples through semanticAnswers(...).classify(backend)`,
        );
      }
      return ca === cb;
    },
    classify: (backend) => ({
      id: `${backend.id}+semantic`,
      capabilities: backend.capabilities,
      async *generate(request) {
        for await (const sample of backend.generate(request)) yield await classified(sample, request.signal);
      },
      ...(backend.close !== undefined && { close: () => (backend.close as () => Promise<void>)() }),
    }),
    get judgeUsage() {
      return judgeUsage;
    },
    get classes() {
      return representatives.length;
    },
  };
}

/** Discrete semantic entropy of a vote table: −Σ p ln p over the classes' shares of the votes (nats). */
export function semanticEntropy(votes: readonly Vote[]): number {
  const total = votes.reduce((sum, v) => sum + v.count, 0);
  if (total === 0) return 0;
  return -votes.reduce((sum, v) => (v.count === 0 ? sum : sum + (v.count / total) * Math.log(v.count / total)), 0);
}
