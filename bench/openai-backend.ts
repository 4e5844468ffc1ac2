/**
 * Cost of the OpenAI backend over a bare `fetch`, on a real model server (toy-arith through
 * node-llama-cpp, 127.0.0.1). Same questions, same seeds, measured in one run:
 * - baseline: one plain fetch per question with n=8, JSON parsed, nothing else;
 * - fan-out baseline: 8 concurrent plain fetches with n=1 per question;
 * - backend with native n (one request per question);
 * - backend fanning out (8 requests per question, concurrency 8);
 * - backend streaming (8 SSE connections per question, onToken on every token).
 * Prints one JSON line: median ms per question for each (3 interleaved rounds), and ratios to the matching baseline.
 * Run: npx tsx bench/openai-backend.ts
 */
import { readFileSync } from 'node:fs';
import { MODELS, sharedPath } from '../test/shared.js';
import { createOpenAIBackend } from '../src/backends/openai/index.js';
import type { GenerateRequest } from '../src/backends/backend.js';
import { startLlamaOpenAIServer } from '../src/test-support/llama-openai-server.js';

const N = 8;
const QUESTIONS = readFileSync(sharedPath('models', 'toy-arith', 'dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, 8)
  .map((line) => (JSON.parse(line) as { question: string }).question);

const server = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, sequences: N });
const base = { n: N, temperature: 1, maxTokens: 96, stop: ['\n'], logprobs: true } as const;
const requestFor = (question: string, seed: number): GenerateRequest => ({ ...base, stopSequences: [...base.stop], prompt: question, seed });

async function time(run: (question: string, seed: number) => Promise<number>): Promise<{ msPerQuestion: number; tokens: number }> {
  let tokens = 0;
  const start = performance.now();
  for (const [i, question] of QUESTIONS.entries()) tokens += await run(question, i);
  return { msPerQuestion: (performance.now() - start) / QUESTIONS.length, tokens };
}

const drain = async (request: GenerateRequest, backend: ReturnType<typeof createOpenAIBackend>): Promise<number> => {
  let tokens = 0;
  for await (const sample of backend.generate(request)) tokens += sample.usage.completionTokens;
  return tokens;
};

const rawFetch = async (question: string, seed: number, n = N): Promise<number> => {
  const response = await fetch(`${server.baseURL}/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'toy-arith', prompt: question, n, temperature: 1, max_tokens: 96, stop: ['\n'], logprobs: 0, seed }),
  });
  const json = (await response.json()) as { usage: { completion_tokens: number } };
  return json.usage.completion_tokens;
};
/** The fan-out baseline: N concurrent bare fetches with n=1, so server-side costs of fan-out are not charged to the backend. */
const rawFanOut = async (question: string, seed: number): Promise<number> => {
  const counts = await Promise.all(Array.from({ length: N }, (_, i) => rawFetch(question, seed * N + i, 1)));
  return counts.reduce((a, b) => a + b, 0);
};

const native = createOpenAIBackend({ baseURL: server.baseURL, model: 'toy-arith', nativeN: true });
const fanOut = createOpenAIBackend({ baseURL: server.baseURL, model: 'toy-arith', nativeN: false });

const modes = {
  baseline: rawFetch,
  baselineFanOut: rawFanOut,
  native: (q: string, seed: number) => drain(requestFor(q, seed), native),
  fanOut: (q: string, seed: number) => drain(requestFor(q, seed), fanOut),
  stream: (q: string, seed: number) => drain({ ...requestFor(q, seed), onToken: () => undefined }, fanOut),
};
type Mode = keyof typeof modes;
await time(rawFetch); // warm-up: model pages, sockets, JIT
// The machine is shared: interleave the modes over several rounds and keep each mode's median.
const ROUNDS = 3;
const runs = new Map<Mode, { msPerQuestion: number; tokens: number }[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of Object.keys(modes) as Mode[]) runs.set(mode, [...(runs.get(mode) ?? []), await time(modes[mode])]);
}
const median = (mode: Mode): { msPerQuestion: number; tokens: number } => {
  const sorted = (runs.get(mode) ?? []).toSorted((a, b) => a.msPerQuestion - b.msPerQuestion);
  return sorted[Math.floor(sorted.length / 2)] as { msPerQuestion: number; tokens: number };
};
const [baseline, baselineFanOut, nativeRun, fanOutRun, streamRun] = (['baseline', 'baselineFanOut', 'native', 'fanOut', 'stream'] as const).map(median) as [
  ReturnType<typeof median>, ReturnType<typeof median>, ReturnType<typeof median>, ReturnType<typeof median>, ReturnType<typeof median>,
];
await server.close();

const round = (x: number): number => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    bench: 'openai-backend',
    questions: QUESTIONS.length,
    samplesPerQuestion: N,
    rounds: ROUNDS,
    baselineMsPerQuestion: round(baseline.msPerQuestion),
    nativeMsPerQuestion: round(nativeRun.msPerQuestion),
    fanOutMsPerQuestion: round(fanOutRun.msPerQuestion),
    streamMsPerQuestion: round(streamRun.msPerQuestion),
    nativeVsBaseline: round(nativeRun.msPerQuestion / baseline.msPerQuestion),
    baselineFanOutMsPerQuestion: round(baselineFanOut.msPerQuestion),
    fanOutVsBaselineFanOut: round(fanOutRun.msPerQuestion / baselineFanOut.msPerQuestion),
    streamVsBaselineFanOut: round(streamRun.msPerQuestion / baselineFanOut.msPerQuestion),
    completionTokens: { baseline: baseline.tokens, native: nativeRun.tokens, fanOut: fanOutRun.tokens, stream: streamRun.tokens },
  }),
);
