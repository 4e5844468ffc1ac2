/**
 * A fake backend for unit tests of recording logic only: its text is a pure function of the seed, so
 * a test can tell exactly which (seed) produced which sample. Live tests use the embedded model.
 */
import type { Backend, GenerateRequest } from '../../backends/backend.js';
import type { Sample } from '../../core/types.js';

export interface SeededBackend extends Backend {
  /** Seeds of every generation started, in order. */
  readonly calls: number[];
}

export function seededBackend(options: { delayMs?: number; failSeed?: (seed: number) => boolean } = {}): SeededBackend {
  const calls: number[] = [];
  return {
    id: 'fake:seeded',
    capabilities: { logprobs: false, topLogprobs: 0, nativeN: false, streaming: false, fullDistribution: false },
    calls,
    async *generate(request: GenerateRequest): AsyncIterable<Sample> {
      const seed = request.seed ?? 0;
      calls.push(seed);
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
      const usage = { promptTokens: 5, completionTokens: 7, calls: 1 };
      if (request.signal?.aborted) {
        yield { index: 0, text: '', tokens: 3, finishReason: 'aborted', status: 'aborted', usage };
        return;
      }
      const failed = options.failSeed?.(seed) ?? false;
      yield {
        index: 0,
        text: failed ? '' : ` ${seed % 7}. The answer is ${seed % 3}.`,
        tokens: 7,
        finishReason: failed ? 'error' : 'stop',
        status: failed ? 'error' : 'ok',
        usage,
      };
    },
  };
}
