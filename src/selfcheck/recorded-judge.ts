/**
 * A backend that answers SelfCheckGPT-Prompt questions from a recording of the real judge's answers
 * (WikiBio: `responses.prompt`, GPT-3.5's Yes/No for every sentence × sample), so the whole Prompt
 * pipeline — prompts built, calls made, answers parsed, calls stopped, metrics — runs on real
 * judgements of a real LLM. It reads the (context, sentence) back out of the prompt it is sent, so a
 * prompt built any other way than `promptJudge.prompt` is refused, not guessed.
 * The recording has no token counts: usage counts calls, with 0 tokens (`tokensCountedFrom: 'unknown'`).
 */
import type { Backend, GenerateRequest } from '../backends/backend.js';
import { InvalidInputError } from '../core/errors.js';
import type { Prompt, Sample } from '../core/types.js';
import { promptJudge, readPromptJudgePrompt } from './judge-prompts.js';
import type { LabelledPassage } from './wikibio-recording.js';

export interface RecordedJudgeBackend extends Backend {
  /** Requests answered so far. */
  readonly calls: number;
}

const keyOf = (context: string, sentence: string): string => `${context}\u0000${sentence}`;
const promptText = (prompt: Prompt): string => (typeof prompt === 'string' ? prompt : (prompt.findLast((m) => m.role === 'user')?.content ?? ''));

/** A pair seen twice with different recorded answers cannot be replayed faithfully. */
function indexAnswers(passages: readonly LabelledPassage[]): Map<string, string> {
  const answers = new Map<string, string>();
  for (const passage of passages) {
    passage.judge.forEach((row, i) => {
      row.forEach((answer, n) => {
        const parts = readPromptJudgePrompt(promptJudge.prompt(passage.sentences[i] as string, passage.samples[n] as string));
        const key = keyOf(parts?.context ?? '', parts?.sentence ?? '');
        const known = answers.get(key);
        if (known !== undefined && known !== answer) {
          throw new InvalidInputError(`passage ${passage.id}: sentence ${i} against sample ${n} was recorded as both "${known}" and "${answer}"`);
        }
        answers.set(key, answer);
      });
    });
  }
  return answers;
}

export function createRecordedJudgeBackend(passages: readonly LabelledPassage[], name = 'recorded-judge'): RecordedJudgeBackend {
  const answers = indexAnswers(passages);
  let calls = 0;
  return {
    id: name,
    capabilities: { logprobs: false, topLogprobs: 0, nativeN: false, streaming: false, fullDistribution: false },
    get calls() {
      return calls;
    },
    async *generate(request: GenerateRequest): AsyncIterable<Sample> {
      const text = promptText(request.prompt);
      const parts = readPromptJudgePrompt(text);
      if (parts === undefined) {
        throw new InvalidInputError(`the recorded judge answers SelfCheckGPT-Prompt questions only; got a prompt starting ${JSON.stringify(text.slice(0, 60))}`);
      }
      const answer = answers.get(keyOf(parts.context, parts.sentence));
      if (answer === undefined) {
        throw new InvalidInputError(`no recorded judgement for the sentence ${JSON.stringify(parts.sentence.slice(0, 60))} against that context; judge the recording's own sentences and samples`);
      }
      // The judge was greedy: every one of n samples is the same answer.
      for (let index = 0; index < request.n; index++) {
        if (request.signal?.aborted) {
          yield { index, text: '', tokens: 0, tokensCountedFrom: 'unknown', finishReason: 'aborted', status: 'aborted', usage: { promptTokens: 0, completionTokens: 0, calls: 0 } };
          continue;
        }
        calls++;
        yield { index, text: answer, tokens: 0, tokensCountedFrom: 'unknown', finishReason: 'stop', status: 'ok', usage: { promptTokens: 0, completionTokens: 0, calls: 1 } };
      }
    },
  };
}
