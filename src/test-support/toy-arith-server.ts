/**
 * The toy-arith model served over HTTP on 127.0.0.1 behind a pass-through proxy, for the suite that
 * calls it: the proxy's log lets tests see each request's path and body.
 */
import { afterAll, beforeAll } from 'vitest';
import { MODELS } from '../../test/shared.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from './llama-openai-server.js';

export interface ToyArithServer {
  readonly server: LlamaOpenAIServer;
  readonly proxy: FaultProxy;
}

/** Registers beforeAll/afterAll hooks; the fields are set once the suite's beforeAll has run. */
export function useToyArithServerBehindProxy(): ToyArithServer {
  const live = {} as { server: LlamaOpenAIServer; proxy: FaultProxy };
  beforeAll(async () => {
    live.server = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1 });
    live.proxy = await startFaultProxy({ upstream: live.server.baseURL });
  });
  afterAll(async () => {
    await live.proxy.close();
    await live.server.close();
  });
  return live;
}
