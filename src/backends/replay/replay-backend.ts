/**
 * A Backend that serves recorded samples instead of generating: each question's samples come out in
 * a seeded shuffled order, without replacement, through the same interface a live model uses. This
 * is what makes offline evaluation of strategies and stop rules honest: the code under test cannot
 * tell a replay from a live run, except that it is instant.
 */
import { BackendError, InvalidInputError } from '../../core/errors.js';
import { createRng, deriveSeed, shuffled } from '../../core/rng.js';
import type { Prompt, Sample } from '../../core/types.js';
import type { VirtualClock } from '../../core/virtual-clock.js';
import type { Backend, BackendCapabilities, GenerateRequest } from '../backend.js';
import { questionText } from '../../core/prompt.js';
import type { RecordedQuestion } from '../../recordings/recorded-question.js';
import { checkRequest } from '../request-checks.js';
import { cutRecordedSample } from './cut-recorded-sample.js';

/** Most top alternatives a request may ask for (the OpenAI API's limit), as for a live backend. */
const MAX_TOP_LOGPROBS = 20;

/** Every recorded sample of a question has been served; ask for fewer or `reset()` the backend. */
export class ReplayExhaustedError extends BackendError {
  override readonly name = 'ReplayExhaustedError' as const;
}

export interface ReplayOptions {
  /** Seeds each question's serving order; the same seed serves the same order. Default 0. */
  seed?: number;
  /** Shown as the backend's id. Default `replay`. */
  name?: string;
  /**
   * Generations take virtual time on this clock: a recorded sample of T tokens takes T units, and
   * can be cancelled part-way (its tokens so far counted), as evaluation's virtual driver assumes.
   * Without a clock, samples come back at once.
   */
  clock?: VirtualClock;
  /** With a clock: stream each token to `onToken` at its instant (so length caps can cancel). Default true. */
  streaming?: boolean;
}

export interface ReplayBackend extends Backend {
  /** Recorded samples of the question not served yet. */
  remaining(questionId: string): number;
  /** Starts every question's order again from the beginning (same seed, same order). */
  reset(): void;
}

/**
 * A backend over recorded questions. A request's prompt selects the question: the question's own
 * prompt (a string, or for chats the last user message) or, for recordings without prompts, its id.
 * Served samples keep their recorded text, answer, tokens, score and (when asked for) logprobs;
 * `index` is the position in the request. A sample longer than the request's `maxTokens` is cut there
 * (finish reason `length`, no answer). Asking for more samples than remain yields the rest and then
 * one `status: 'error'` sample per missing one carrying a ReplayExhaustedError.
 */
export function createReplayBackend(questions: readonly RecordedQuestion[], options: ReplayOptions = {}): ReplayBackend {
  const seed = options.seed ?? 0;
  const byKey = indexQuestions(questions);
  const served = new Map<string, number>();
  const orders = new Map<string, Sample[]>();
  const orderOf = (q: RecordedQuestion): Sample[] => {
    let order = orders.get(q.id);
    if (order === undefined) {
      order = shuffled(q.samples, createRng(deriveSeed(seed, q.id)));
      orders.set(q.id, order);
    }
    return order;
  };
  const lookup = (prompt: Prompt): RecordedQuestion => {
    const question = byKey.get(promptKey(prompt));
    if (question === undefined) {
      const known = [...byKey.keys()].slice(0, 3).map((k) => JSON.stringify(k.slice(0, 40)));
      throw new InvalidInputError(
        `no recorded question matches the prompt ${JSON.stringify(promptKey(prompt).slice(0, 60))}; ` +
          `pass a recorded question's prompt or id (e.g. ${known.join(', ')})`,
      );
    }
    return question;
  };

  const { clock } = options;
  const streaming = clock !== undefined && options.streaming !== false;
  let calls = 0;
  return {
    id: options.name ?? 'replay',
    capabilities: { ...capabilitiesOf(questions), streaming },
    remaining: (id) => {
      const question = questions.find((q) => q.id === id);
      return question === undefined ? 0 : question.samples.length - (served.get(id) ?? 0);
    },
    reset: () => served.clear(),
    async *generate(request: GenerateRequest): AsyncIterable<Sample> {
      // A replay ignores sampling settings, but a request a live model would refuse is refused here too.
      checkRequest(request, { maxTopLogprobs: MAX_TOP_LOGPROBS });
      const question = lookup(request.prompt);
      const order = orderOf(question);
      for (let position = 0; position < request.n; position++) {
        if (request.signal?.aborted === true) {
          yield unservedSample(position, 'aborted');
          continue;
        }
        const cursor = served.get(question.id) ?? 0;
        const recorded = order[cursor];
        if (recorded === undefined) {
          yield unservedSample(position, 'error', exhausted(question));
          continue;
        }
        served.set(question.id, cursor + 1);
        const limited = cutRecordedSample(recorded, request.maxTokens ?? Infinity, 'length');
        const played = clock === undefined ? limited : await playVirtually(clock, recorded, request, calls++, streaming);
        yield servedSample(played, position, request);
      }
    },
  };
}

/**
 * One generation in virtual time, started now: token k at start + k (phase 0, streamed when asked),
 * the end at start + tokens (phase 1). Cancelled through `onToken` or the signal, it comes back with
 * the tokens produced so far (phase 2 for a signal); one that had already produced its last token
 * comes back whole. The conventions of src/engine/drive-virtual.ts.
 */
async function playVirtually(clock: VirtualClock, recorded: Sample, request: GenerateRequest, key: number, streaming: boolean): Promise<Sample> {
  const start = clock.now();
  const end = Math.min(recorded.tokens, request.maxTokens ?? Infinity);
  const finished = cutRecordedSample(recorded, end, 'length');
  const cancelled = async (): Promise<Sample> => {
    const produced = clock.now() - start;
    await clock.sleep(clock.now(), 2, key);
    return produced >= end ? finished : cutRecordedSample(recorded, produced, 'aborted');
  };
  if (streaming && request.onToken !== undefined) {
    for (let k = 1; k <= end; k++) {
      if (!(await clock.sleep(start + k, 0, key, request.signal))) return cancelled();
      const token = recorded.logprobs?.[k - 1] ?? { text: '' };
      if (request.onToken(0, token) === 'cancel' && k < recorded.tokens) {
        await clock.sleep(start + k, 1, key);
        return cutRecordedSample(recorded, k, 'aborted');
      }
    }
  }
  return (await clock.sleep(start + end, 1, key, request.signal)) ? finished : cancelled();
}

function indexQuestions(questions: readonly RecordedQuestion[]): Map<string, RecordedQuestion> {
  const byKey = new Map<string, RecordedQuestion>();
  for (const q of questions) {
    byKey.set(q.id, q);
    if (q.prompt !== undefined) byKey.set(promptKey(q.prompt), q);
  }
  return byKey;
}

/** A string prompt itself; a chat by its last user message. */
const promptKey = questionText;

/** Logprobs only when every sample has them; top-k only as deep as every token's alternatives go. */
function capabilitiesOf(questions: readonly RecordedQuestion[]): BackendCapabilities {
  const samples = questions.flatMap((q) => q.samples);
  const logprobs = samples.length > 0 && samples.every((s) => s.logprobs !== undefined);
  let topLogprobs = logprobs ? Number.POSITIVE_INFINITY : 0;
  for (const sample of logprobs ? samples : []) {
    for (const token of sample.logprobs ?? []) topLogprobs = Math.min(topLogprobs, token.top?.length ?? 0);
  }
  return {
    logprobs,
    topLogprobs: Number.isFinite(topLogprobs) ? topLogprobs : 0,
    nativeN: true,
    streaming: false,
    fullDistribution: false,
  };
}

function servedSample(recorded: Sample, index: number, request: GenerateRequest): Sample {
  const { logprobs, ...rest } = recorded;
  const sample: Sample = { ...rest, index, usage: { ...recorded.usage } };
  const topK = request.topLogprobs ?? 0;
  // Like a live server: logprobs only when asked, and no more alternatives than asked for.
  if (logprobs !== undefined && (request.logprobs === true || topK > 0)) {
    sample.logprobs = logprobs.map((t) => {
      if (t.top === undefined) return t;
      const { top, ...token } = t;
      return topK > 0 ? { ...token, top: top.slice(0, topK) } : token;
    });
  }
  return sample;
}

function unservedSample(index: number, status: 'aborted' | 'error', error?: ReplayExhaustedError): Sample {
  const sample: Sample = {
    index,
    text: '',
    answer: null,
    tokens: 0,
    finishReason: status,
    status,
    usage: { promptTokens: 0, completionTokens: 0, calls: 0 },
  };
  if (error !== undefined) sample.error = error;
  return sample;
}

const exhausted = (q: RecordedQuestion): ReplayExhaustedError =>
  new ReplayExhaustedError(
    `replay exhausted: question "${q.id}" has ${q.samples.length} recorded samples and all have been served; ` +
      'ask for fewer samples or reset() the replay backend',
  );
