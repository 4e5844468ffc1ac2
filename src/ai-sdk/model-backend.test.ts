import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import { collectSamples } from '../backends/collect-samples.js';
import { useToyArithServerBehindProxy } from '../test-support/toy-arith-server.js';
import { modelBackend, toChat, type ModelBackend } from './model-backend.js';
import type { CallOptions, LanguageModel } from './spec-types.js';

const params: CallOptions = { prompt: [{ role: 'user', content: [{ type: 'text', text: 'Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?' }] }] };
const PROMPT = toChat(params.prompt);
const live = useToyArithServerBehindProxy();
/** The toy-arith server's model through the AI SDK's OpenAI-compatible provider. */
const backend = (): ModelBackend => modelBackend(createOpenAICompatible({ name: 'toy', baseURL: live.proxy.baseURL, apiKey: 'none' })('toy-arith') as LanguageModel, params, PROMPT);

describe('the sampler on an AI SDK model', () => {

  it('passes temperature, top-p and top-k as call settings (this provider drops top-k, and says so)', async () => {
    const model = backend();
    const samples = await collectSamples(model.generate({ prompt: PROMPT, n: 1, seed: 2, maxTokens: 64, stopSequences: ['\n'], sampler: 'temperature=0.7,top-k=40,top-p=0.95' }));
    expect(samples[0]?.status).toBe('ok');
    expect(live.proxy.log.at(-1)?.body).toMatchObject({ temperature: 0.7, top_p: 0.95 });
    expect(model.resultFor(2)?.warnings).toContainEqual(expect.objectContaining({ feature: 'topK' }));
  });

  it('refuses min-p, Top-H and CNTP before any call, saying why', async () => {
    for (const [spec, message] of [
      [{ sampler: 'min-p=0.1' }, /^min-p cannot run on an AI SDK model: an AI SDK model has no min-p setting/],
      [{ sampler: 'temperature=2,top-h=0.4' }, /^top-h cannot run on an AI SDK model/],
      [{ decode: 'cntp' }, /^decode cntp.* cannot run on an AI SDK model/],
    ] as const) {
      const before = live.proxy.log.length;
      const failure = collectSamples(backend().generate({ prompt: PROMPT, n: 2, ...spec }));
      await expect(failure).rejects.toThrow(InvalidInputError);
      await expect(failure).rejects.toThrow(message);
      expect(live.proxy.log.length).toBe(before);
    }
  });
});
