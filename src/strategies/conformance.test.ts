/** Every registered strategy passes the conformance suite (model-calling ones against a scripted backend). */
import { fakeBackend } from './__fixtures__/fake-backend.js';
import { runStrategyConformance } from './conformance.js';
import { getStrategy, strategyNames } from './registry.js';

const backend = () =>
  fakeBackend([
    { text: 'The most consistent response is Response 1. The answer is b', top: [{ token: 'A', logprob: Math.log(0.7) }, { token: 'B', logprob: Math.log(0.2) }] },
    { text: 'The answer is a', top: [{ token: 'B', logprob: Math.log(0.6) }, { token: 'A', logprob: Math.log(0.3) }] },
  ]);

for (const name of strategyNames()) {
  const create = (options?: { abstainBelow?: number }) => getStrategy(name, options);
  runStrategyConformance({ name, create, ...(create().callsModel && { backend }) });
}
