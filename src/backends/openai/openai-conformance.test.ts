import { afterAll } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../../test-support/llama-openai-server.js';
import { runBackendConformance } from '../conformance.js';
import { createOpenAIBackend } from './openai-backend.js';

// One real model server for the whole suite, started by the first backend that needs it.
let server: Promise<LlamaOpenAIServer> | undefined;
const serverURL = async (): Promise<string> => (await (server ??= startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1 }))).baseURL;
afterAll(async () => {
  await (await server)?.close();
});

runBackendConformance({
  name: 'OpenAI-compatible HTTP (toy-arith behind a llama.cpp server)',
  create: async () => createOpenAIBackend({ baseURL: await serverURL(), model: 'toy-arith' }),
  prompt: 'Q: Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?\nA:',
  stop: ['\n'],
});

runBackendConformance({
  name: 'OpenAI-compatible HTTP, chat endpoint, fan-out',
  create: async () => createOpenAIBackend({ baseURL: await serverURL(), model: 'toy-arith', nativeN: false }),
  prompt: [{ role: 'user', content: 'Ann has 23 apples. She buys 4 bags of 7 apples. She gives away 18. How many apples does she have?' }],
});
