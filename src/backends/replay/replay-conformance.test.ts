/** The backend conformance suite against the replay backend, serving the recorded toy-arith samples. */
import { sharedPath } from '../../../test/shared.js';
import { runBackendConformance } from '../conformance.js';
import { loadSamplePool } from '../../recordings/load-sample-pool.js';
import { createReplayBackend } from './replay-backend.js';

const pool = await loadSamplePool(sharedPath('models', 'toy-arith', 'dev-samples.jsonl'), { modes: ['T1'] });
const question = pool.questions[0];
if (question === undefined) throw new Error('the toy-arith recording has no questions');

runBackendConformance({
  name: 'replay (toy-arith recording)',
  create: async () => createReplayBackend(pool.questions, { seed: 3 }),
  prompt: question.id,
  maxTokens: 96,
  n: 4,
  // Recorded samples are served without replacement, so a second request never repeats the first.
  reproducibleSeeds: false,
  abortInFlight: false,
  // The toy-arith recording stored completions only.
  promptTokens: false,
});
