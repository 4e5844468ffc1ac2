/**
 * A backend wrapper for benches that compare many methods on the same draws: an identical request
 * (prompt, sampling settings, seed, logprob options) is generated once and its sample handed to every
 * method that asks. Seeded sampling and greedy checks are deterministic, so this changes no method's
 * outputs or token counts — each method is still charged everything it asked for — it only saves the
 * bench from generating the same solution, check or revision once per method.
 */
import type { Backend, GenerateRequest } from '../src/backends/backend.js';
import type { Sample } from '../src/core/types.js';

export interface SharedDraws extends Backend {
  /** Requests generated, and requests answered from an earlier identical one. */
  readonly generated: number;
  readonly reused: number;
}

  const keyOf = (r: GenerateRequest): string =>
  JSON.stringify([r.prompt, r.n, r.temperature, r.topP, r.maxTokens, r.stopSequences, r.seed, r.logprobs === true, r.topLogprobs ?? 0, r.distributionStats === true]);

export function sharedDraws(inner: Backend): SharedDraws {
  const cache = new Map<string, Promise<Sample[]>>();
  let generated = 0;
  let reused = 0;
  return {
    id: inner.id,
    capabilities: { ...inner.capabilities, streaming: false },
    get generated() {
      return generated;
    },
    get reused() {
      return reused;
    },
    async *generate(request) {
      const key = keyOf(request);
      let samples = cache.get(key);
      if (samples === undefined) {
        generated++;
        const { signal: _signal, onToken: _onToken, ...plain } = request;
        samples = (async () => {
          const out: Sample[] = [];
          for await (const s of inner.generate(plain)) out.push(s);
          return out;
        })();
        cache.set(key, samples);
      } else reused++;
      yield* await samples;
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}
