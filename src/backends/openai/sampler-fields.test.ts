import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors.js';
import { collectSamples } from '../collect-samples.js';
import { useToyArithServerBehindProxy } from '../../test-support/toy-arith-server.js';
import type { GenerateRequest } from '../backend.js';
import { createOpenAIBackend } from './openai-backend.js';

const PROMPT = 'Q: Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?\nA:';
const base: GenerateRequest = { prompt: PROMPT, n: 2, maxTokens: 96, stopSequences: ['\n'], seed: 3 };

const live = useToyArithServerBehindProxy();

describe('the sampler on an OpenAI-compatible server', () => {
  it('sends top_k and min_p in the servers’ own field names, with the shorthands merged in', async () => {
    const backend = createOpenAIBackend({ baseURL: live.proxy.baseURL, model: 'toy-arith' });
    const samples = await collectSamples(backend.generate({ ...base, temperature: 0.8, sampler: 'top-k=40,min-p=0.1,top-p=0.95' }));
    expect(samples.every((s) => s.status === 'ok')).toBe(true);
    const body = live.proxy.log.at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ temperature: 0.8, top_k: 40, top_p: 0.95, min_p: 0.1 });
    // truncate-first is the servers' own chain, so it needs no field; temperature-first at T = 1 is the same chain.
    await collectSamples(backend.generate({ ...base, sampler: 'temperature=1,min-p=0.2,order=temperature-first' }));
    expect(live.proxy.log.at(-1)?.body).toMatchObject({ temperature: 1, min_p: 0.2 });
  });

  it('refuses what only the embedded model can run, saying why, before sending anything', async () => {
    const backend = createOpenAIBackend({ baseURL: live.proxy.baseURL, model: 'toy-arith' });
    const cases: [Partial<GenerateRequest>, RegExp][] = [
      [{ sampler: 'temperature=1.5,top-h=0.4' }, /^top-h cannot run on an OpenAI-compatible server: it reads the whole next-token distribution at every step.*; run it on the embedded model/],
      [{ sampler: 'temperature=2,min-p=0.1,order=temperature-first' }, /^order=temperature-first cannot run on an OpenAI-compatible server: a server applies its own sampler chain.*use order=truncate-first/],
      [{ decode: 'cntp:max=4' }, /^decode cntp:max=4,h-low=0.01,h-high=1.5 cannot run on an OpenAI-compatible server: it forks the generation/],
    ];
    for (const [spec, message] of cases) {
      const before = live.proxy.log.length;
      const failure = collectSamples(backend.generate({ ...base, ...spec }));
      await expect(failure).rejects.toThrow(InvalidInputError);
      await expect(failure).rejects.toThrow(message);
      expect(live.proxy.log.length).toBe(before);
    }
  });

  it('names the bad field of a malformed sampler', async () => {
    const backend = createOpenAIBackend({ baseURL: live.proxy.baseURL, model: 'toy-arith' });
    await expect(collectSamples(backend.generate({ ...base, sampler: 'temperature=1,min_p=0.1' }))).rejects.toThrow(/unknown field "min_p"; the fields are/);
    await expect(collectSamples(backend.generate({ ...base, sampler: { minP: 3 } }))).rejects.toThrow(/^sampler\.minP must be a number in \[0, 1\)/);
  });
});
