/**
 * Reads choices out of OpenAI responses (whole or streamed chunks) for both endpoints, into one
 * shape: text, tokens with logprobs, finish reason, and the server's usage.
 */
import type { FinishReason, GeneratedToken } from '../../core/types.js';
import { chatLogprobTokens, completionLogprobTokens, WireShapeError } from './wire-logprobs.js';

export interface WireChoice {
  index: number;
  /** Whole text (responses) or this chunk's new text (streams). */
  text: string;
  tokens: GeneratedToken[] | undefined;
  /** Undefined while a streamed choice is still going. */
  finishReason: FinishReason | undefined;
}

export interface WireUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface WireMessage {
  choices: WireChoice[];
  usage: WireUsage | undefined;
  /** An error object the server put in the body (some servers do this inside a stream). */
  error: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses a response body or one stream chunk; throws WireShapeError saying what is wrong. */
export function readWireMessage(json: unknown, chat: boolean, streamed: boolean): WireMessage {
  if (!isRecord(json)) throw new WireShapeError('the body is not a JSON object');
  const error = json['error'];
  if (error !== undefined && error !== null) {
    const message = isRecord(error) ? error['message'] : error;
    return { choices: [], usage: undefined, error: typeof message === 'string' ? message : JSON.stringify(error) };
  }
  const rawChoices = json['choices'] ?? [];
  if (!Array.isArray(rawChoices)) throw new WireShapeError('"choices" is not an array');
  return { choices: rawChoices.map((c: unknown, i) => readChoice(c, i, chat, streamed)), usage: readUsage(json['usage']), error: undefined };
}

function readChoice(raw: unknown, position: number, chat: boolean, streamed: boolean): WireChoice {
  if (!isRecord(raw)) throw new WireShapeError(`choices[${position}] is not an object`);
  const index = typeof raw['index'] === 'number' ? raw['index'] : position;
  const holder = chat ? raw[streamed ? 'delta' : 'message'] : raw;
  const content = isRecord(holder) ? holder[chat ? 'content' : 'text'] : undefined;
  if (content !== undefined && content !== null && typeof content !== 'string') {
    throw new WireShapeError(`choices[${position}] text is not a string`);
  }
  if (!streamed && chat && !isRecord(holder)) throw new WireShapeError(`choices[${position}] has no "message"`);
  const tokens = chat ? chatLogprobTokens(raw['logprobs']) : completionLogprobTokens(raw['logprobs']);
  return { index, text: content ?? '', tokens, finishReason: finishReason(raw['finish_reason'], streamed) };
}

/** `length` means the token limit cut the text; every other server reason (stop, eos, content_filter…) is a normal end. */
function finishReason(raw: unknown, streamed: boolean): FinishReason | undefined {
  if (raw === 'length') return 'length';
  if (typeof raw === 'string') return 'stop';
  return streamed ? undefined : 'stop';
}

function readUsage(raw: unknown): WireUsage | undefined {
  if (!isRecord(raw)) return undefined;
  const prompt = raw['prompt_tokens'];
  const completion = raw['completion_tokens'];
  if (typeof prompt !== 'number' || typeof completion !== 'number') return undefined;
  return { promptTokens: prompt, completionTokens: completion };
}
