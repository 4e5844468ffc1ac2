/**
 * An OpenAI-style event stream over hono's SSE helper: `data:` chunks, comment lines (which every
 * OpenAI client skips) for progress, `data: {"error": …}` for a failure after the stream began (the
 * openai client raises it as an APIError), and `data: [DONE]` at the end.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { toServeError, type ServeError } from './errors.js';

export interface EventSink {
  data(chunk: unknown): Promise<void>;
  comment(text: string): Promise<void>;
  done(): Promise<void>;
}

/**
 * Opens the stream; `write` fills it, and a throw becomes the stream's error event. `onEnd` runs once
 * the stream is closed, however it ended; `onError` sees a failure first (for the log).
 */
export function eventStream(c: Context, write: (sink: EventSink) => Promise<void>, onEnd: () => void, onError: (error: ServeError) => void): Response {
  return streamSSE(c, async (stream) => {
    const sink: EventSink = {
      data: (chunk) => stream.writeSSE({ data: JSON.stringify(chunk) }),
      comment: async (text) => {
        await stream.write(`: ${text.replaceAll(/[\r\n]+/g, ' ')}\n\n`);
      },
      done: () => stream.writeSSE({ data: '[DONE]' }),
    };
    try {
      await write(sink);
    } catch (error) {
      const serveError = toServeError(error);
      onError(serveError);
      await sink.data(serveError.toBody());
    } finally {
      onEnd();
    }
  });
}
