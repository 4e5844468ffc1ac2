/**
 * A small OpenAI-compatible server on 127.0.0.1 that serves a real GGUF model (node-llama-cpp), for
 * tests: `/v1/completions` and `/v1/chat/completions` with `n`, `logprobs`/`top_logprobs`,
 * streaming SSE with `stream_options.include_usage`, `seed`, `stop`, `max_tokens`, and `/v1/models`.
 *
 * The toy models have no chat template, so chat messages are rendered as the toy-arith format:
 * a user turn becomes `Q: <content>\nA:`, an assistant turn ` <content>\n`, and "\n" ends a turn.
 * Stop strings are matched on the generated text; a multi-token stop string can leak its first
 * tokens in a stream (fine for the single-token "\n" the toy models use).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatMessage } from '../core/types.js';
import { QA_STOP, qaTranscript } from '../core/qa-prompt.js';
import { loadChoiceGenerator, type ChoiceEnd, type ChoiceToken } from './llama-choice-generator.js';

export interface LlamaOpenAIServerOptions {
  modelPath: string;
  /** llama.cpp threads; always set it (1 for the tiny test models). */
  threads: number;
  /** Sequences in the context = choices generated at once (default 4). */
  sequences?: number;
  /** Context size per sequence (default 256, the toy models' training length). */
  contextSize?: number;
  /** Milliseconds to wait after each token, so tests can act mid-generation (default 0). */
  tokenDelayMs?: number;
  /** `'never'` imitates servers that ignore `stream_options.include_usage` (default `'when-asked'`). */
  streamUsage?: 'when-asked' | 'never';
  /** Name reported in responses (default: the file name). */
  modelName?: string;
}

export interface LlamaOpenAIServer {
  /** e.g. `http://127.0.0.1:41234/v1` */
  baseURL: string;
  /** Generation requests received so far. */
  readonly requests: number;
  /** Choices being generated right now (a cancelled one stops counting when its generation stops). */
  readonly generating: number;
  /** Resolves as soon as no choice is being generated (at once when none is). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface ParsedRequest {
  chat: boolean;
  prompt: string;
  n: number;
  stream: boolean;
  includeUsage: boolean;
  logprobs: boolean;
  topLogprobs: number;
  settings: { temperature: number; topP: number; maxTokens: number; stop: string[]; seed: number | undefined };
}

class BadRequest extends Error {}

export async function startLlamaOpenAIServer(options: LlamaOpenAIServerOptions): Promise<LlamaOpenAIServer> {
  const contextSize = options.contextSize ?? 256;
  const generator = await loadChoiceGenerator({
    modelPath: options.modelPath,
    threads: options.threads,
    sequences: options.sequences ?? 4,
    contextSize,
  });
  const modelName = options.modelName ?? options.modelPath.split('/').pop() ?? 'model';
  let requests = 0;
  let nextSeed = 1;
  let generating = 0;
  let idleWaiters: Array<() => void> = [];
  const generationEnded = (): void => {
    generating--;
    if (generating > 0) return;
    for (const wake of idleWaiters) wake();
    idleWaiters = [];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const route = `${req.method} ${req.url}`;
    if (route === 'GET /v1/models') return sendJson(res, 200, { object: 'list', data: [{ id: modelName, object: 'model' }] });
    if (route !== 'POST /v1/completions' && route !== 'POST /v1/chat/completions') {
      return sendJson(res, 404, { error: { message: `no route ${route}`, type: 'not_found' } });
    }
    requests++;
    let parsed: ParsedRequest;
    try {
      parsed = parseRequest(JSON.parse(await readBody(req)), route.endsWith('chat/completions'));
    } catch (error) {
      return sendJson(res, 400, { error: { message: (error as Error).message, type: 'invalid_request_error' } });
    }
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    const id = `cmpl-${requests}`;
    const created = Math.floor(Date.now() / 1000);
    const head = { id, created, model: modelName };
    const baseSeed = parsed.settings.seed ?? nextSeed++ * 7919;

    const runChoice = async (index: number, onToken: (token: ChoiceToken) => void): Promise<ChoiceEnd | undefined> => {
      const choice = generator.generate({
        ...parsed.settings,
        prompt: parsed.prompt,
        seed: baseSeed + index,
        topLogprobs: parsed.topLogprobs,
        tokenDelayMs: options.tokenDelayMs ?? 0,
        signal: closed.signal,
      });
      generating++;
      try {
        for (;;) {
          const step = await choice.next();
          if (step.done) return step.value;
          onToken(step.value);
        }
      } finally {
        generationEnded();
      }
    };

    if (!parsed.stream) {
      const choices = await Promise.all(
        Array.from({ length: parsed.n }, async (_, index) => {
          const tokens: ChoiceToken[] = [];
          const end = await runChoice(index, (token) => tokens.push(token));
          return { index, tokens, end };
        }),
      );
      if (closed.signal.aborted) return;
      const usage = usageOf(choices.map((c) => c.end));
      return sendJson(res, 200, {
        ...head,
        object: parsed.chat ? 'chat.completion' : 'text_completion',
        choices: choices.map(({ index, tokens, end }) => {
          const text = tokens.map((t) => t.text).join('');
          const logprobs = parsed.logprobs ? wireLogprobs(tokens, parsed.chat) : null;
          const finish_reason = end?.finishReason ?? 'stop';
          return parsed.chat
            ? { index, message: { role: 'assistant', content: text }, logprobs, finish_reason }
            : { index, text, logprobs, finish_reason };
        }),
        usage,
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const object = parsed.chat ? 'chat.completion.chunk' : 'text_completion';
    const send = (data: unknown): void => {
      if (!closed.signal.aborted) res.write(`data: ${JSON.stringify(data)}\n\n`);
    };
    const chunk = (index: number, token: ChoiceToken | undefined, finish: string | null): unknown => {
      const logprobs = parsed.logprobs && token ? wireLogprobs([token], parsed.chat) : null;
      const text = token?.text ?? '';
      const choice = parsed.chat
        ? { index, delta: token ? { content: text } : {}, logprobs, finish_reason: finish }
        : { index, text, logprobs, finish_reason: finish };
      return { ...head, object, choices: [choice] };
    };
    const ends = await Promise.all(
      Array.from({ length: parsed.n }, async (_, index) => {
        if (parsed.chat) send({ ...head, object, choices: [{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
        const end = await runChoice(index, (token) => send(chunk(index, token, null)));
        send(chunk(index, undefined, end?.finishReason ?? 'stop'));
        return end;
      }),
    );
    if (parsed.includeUsage && options.streamUsage !== 'never') send({ ...head, object, choices: [], usage: usageOf(ends) });
    if (!closed.signal.aborted) res.end('data: [DONE]\n\n');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'server_error' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    get generating() {
      return generating;
    },
    idle() {
      return generating === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await generator.close();
    },
  };
}

function parseRequest(body: Record<string, unknown>, chat: boolean): ParsedRequest {
  const int = (value: unknown, name: string, fallback: number, min: number, max: number): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new BadRequest(`'${name}' must be an integer in [${min}, ${max}]`);
    }
    return value;
  };
  const stop = body['stop'] === undefined || body['stop'] === null ? [] : [body['stop']].flat();
  if (!stop.every((s) => typeof s === 'string')) throw new BadRequest(`'stop' must be a string or an array of strings`);
  const streamOptions = body['stream_options'] as { include_usage?: boolean } | undefined;
  const wantsLogprobs = chat ? body['logprobs'] === true : body['logprobs'] !== undefined && body['logprobs'] !== null;
  return {
    chat,
    prompt: chat ? renderChat(body['messages']) : renderPrompt(body['prompt']),
    n: int(body['n'], 'n', 1, 1, 64),
    stream: body['stream'] === true,
    includeUsage: streamOptions?.include_usage === true,
    logprobs: wantsLogprobs,
    topLogprobs: chat ? int(body['top_logprobs'], 'top_logprobs', 0, 0, 20) : int(body['logprobs'], 'logprobs', 0, 0, 20),
    settings: {
      temperature: typeof body['temperature'] === 'number' ? body['temperature'] : 1,
      topP: typeof body['top_p'] === 'number' ? body['top_p'] : 1,
      maxTokens: int(body['max_tokens'], 'max_tokens', 128, 1, 4096),
      stop: chat ? [...(stop as string[]), QA_STOP] : (stop as string[]),
      seed: body['seed'] === undefined ? undefined : int(body['seed'], 'seed', 0, 0, 2 ** 32 - 1),
    },
  };
}

function renderPrompt(prompt: unknown): string {
  if (typeof prompt !== 'string' || prompt.length === 0) throw new BadRequest(`'prompt' must be a non-empty string`);
  return prompt;
}

function renderChat(messages: unknown): string {
  if (!Array.isArray(messages) || messages.length === 0) throw new BadRequest(`'messages' must be a non-empty array`);
  const turns = messages.map((m: { role?: unknown; content?: unknown }): ChatMessage => {
    if (typeof m.content !== 'string') throw new BadRequest(`every message needs a string 'content'`);
    const role = m.role === 'user' || m.role === 'assistant' ? m.role : 'system';
    return { role, content: m.content };
  });
  return qaTranscript(turns);
}

function wireLogprobs(tokens: ChoiceToken[], chat: boolean): unknown {
  if (chat) {
    return {
      content: tokens.map((t) => ({
        token: t.text,
        logprob: t.logprob,
        bytes: [...Buffer.from(t.text)],
        top_logprobs: t.top.map((alt) => ({ token: alt.token, logprob: alt.logprob, bytes: [...Buffer.from(alt.token)] })),
      })),
    };
  }
  return {
    tokens: tokens.map((t) => t.text),
    token_logprobs: tokens.map((t) => t.logprob),
    top_logprobs: tokens.map((t) => Object.fromEntries(t.top.map((alt) => [alt.token, alt.logprob]))),
  };
}

function usageOf(ends: (ChoiceEnd | undefined)[]): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const prompt_tokens = ends[0]?.promptTokens ?? 0;
  const completion_tokens = ends.reduce((sum, end) => sum + (end?.completionTokens ?? 0), 0);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
