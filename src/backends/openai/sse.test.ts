import { describe, expect, it } from 'vitest';
import { sseData } from './sse.js';

const streamOf = (...parts: string[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

const all = async (body: ReadableStream<Uint8Array>): Promise<string[]> => {
  const out: string[] = [];
  for await (const data of sseData(body)) out.push(data);
  return out;
};

describe('sseData', () => {
  it('joins events split across chunks, handles CRLF, skips comments and other fields', async () => {
    const events = await all(streamOf('data: {"a"', ':1}\r', '\n\r\n: keep-alive\n\nevent: x\nid: 3\ndata:two\ndata: lines\n\n', 'data: [DONE]\n\n'));
    expect(events).toEqual(['{"a":1}', 'two\nlines', '[DONE]']);
  });

  it('does not take a CRLF split across chunks for two line ends', async () => {
    expect(await all(streamOf('data: x\r', '\ndata: y\r\n\r\n'))).toEqual(['x\ny']);
  });

  it('drops an event cut off by the end of the stream', async () => {
    expect(await all(streamOf('data: {"ok":1}\n\ndata: {"cut'))).toEqual(['{"ok":1}']);
  });

  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: é\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 7));
        controller.enqueue(bytes.slice(7));
        controller.close();
      },
    });
    expect(await all(body)).toEqual(['é']);
  });
});
