import { describe, expect, it } from 'vitest';
import { readWireMessage } from './wire-choices.js';
import { WireShapeError } from './wire-logprobs.js';

describe('readWireMessage', () => {
  it('reads a chat response with logprobs and usage', () => {
    const message = readWireMessage(
      {
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hi' },
            logprobs: { content: [{ token: 'Hi', logprob: -0.1, top_logprobs: [{ token: 'Hello', logprob: -2.5 }, { token: 'Hi', logprob: -0.1 }] }] },
            finish_reason: 'length',
          },
        ],
        usage: { prompt_tokens: 7, completion_tokens: 1, total_tokens: 8 },
      },
      true,
      false,
    );
    expect(message.choices).toEqual([
      { index: 0, text: 'Hi', finishReason: 'length', tokens: [{ text: 'Hi', logprob: -0.1, top: [{ token: 'Hi', logprob: -0.1 }, { token: 'Hello', logprob: -2.5 }] }] },
    ]);
    expect(message.usage).toEqual({ promptTokens: 7, completionTokens: 1 });
  });

  it('reads legacy completion logprobs, whose alternatives are a token → logprob map', () => {
    const message = readWireMessage(
      { choices: [{ index: 1, text: ' 4', logprobs: { tokens: [' ', '4'], token_logprobs: [null, -0.3], top_logprobs: [{ ' ': -0.01 }, { '5': -1.9, '4': -0.3 }] }, finish_reason: 'stop' }] },
      false,
      false,
    );
    expect(message.choices[0]?.tokens).toEqual([
      { text: ' ', top: [{ token: ' ', logprob: -0.01 }] },
      { text: '4', logprob: -0.3, top: [{ token: '4', logprob: -0.3 }, { token: '5', logprob: -1.9 }] },
    ]);
  });

  it('reads stream chunks: deltas without a finish reason, a usage-only chunk, an error chunk', () => {
    expect(readWireMessage({ choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] }, true, true).choices).toEqual([
      { index: 0, text: 'x', tokens: undefined, finishReason: undefined },
    ]);
    expect(readWireMessage({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } }, true, true).usage).toEqual({ promptTokens: 3, completionTokens: 4 });
    expect(readWireMessage({ error: { message: 'context length exceeded' } }, true, true).error).toBe('context length exceeded');
  });

  it('says what is wrong with a malformed body', () => {
    expect(() => readWireMessage([], true, false)).toThrow(WireShapeError);
    expect(() => readWireMessage({ choices: {} }, true, false)).toThrow('"choices" is not an array');
    expect(() => readWireMessage({ choices: [{ index: 0 }] }, true, false)).toThrow('choices[0] has no "message"');
    expect(() => readWireMessage({ choices: [{ text: 5 }] }, false, false)).toThrow('choices[0] text is not a string');
  });
});
