/**
 * `quorum serve` under load, loopback only, every loop bounded in time. Prints one JSON line.
 * (a) Pass-through overhead: 50 concurrent clients send short chat completions (16 tokens) to the
 *     toy-arith test OpenAI server directly, and through `quorum serve --passthrough` in front of the
 *     same server; rounds interleave direct and proxied runs, non-streaming and streaming. Reported as
 *     p50/p99 latency and throughput ratios proxy/direct (target p50 ratio ≤ 1.10).
 * (b) Quorum mode: 16 concurrent clients ask toy-arith dev questions of `quorum serve` over the
 *     embedded model, stop rule auto up to 16 samples, for 2 minutes: requests/s, errors, upstream
 *     tokens per request, decision latency p50/p99, the server's resident memory every 10 s. Then a
 *     shorter run with every 16 samples drawn (fixed N=16) measures what the same questions cost
 *     without stopping early.
 * Run: flock /work/.heavy.lock npx tsx bench/serve.ts [--quorum-seconds 120] [--fixed-seconds 40] [--passthrough-seconds 8]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { MODELS, REPO_ROOT } from '../test/shared.js';
import { quantile } from '../src/eval/stats.js';
import { startLlamaOpenAIServer } from '../src/test-support/llama-openai-server.js';
import { devQuestionText, TOY_DEV } from '../src/test-support/toy-arith-dev.js';

const { values } = parseArgs({
  options: {
    'quorum-seconds': { type: 'string', default: '120' },
    'fixed-seconds': { type: 'string', default: '40' },
    'passthrough-seconds': { type: 'string', default: '8' },
  },
});
const QUORUM_MS = 1000 * Number(values['quorum-seconds']);
const FIXED_MS = 1000 * Number(values['fixed-seconds']);
const PASSTHROUGH_MS = 1000 * Number(values['passthrough-seconds']);
const PASSTHROUGH_CLIENTS = 50;
const QUORUM_CLIENTS = 16;
const ROUNDS = 2;


interface LoadResult {
  latencies: number[];
  errors: number;
  elapsedMs: number;
  bodies: { i: number; text: string }[];
}

/** `clients` loops sending `body(i)` until `durationMs` has passed; every request waits for its whole response. */
async function load(origin: string, path: string, clients: number, durationMs: number, body: (i: number) => unknown, keepBodies = false): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: clients });
  const latencies: number[] = [];
  const bodies: { i: number; text: string }[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        try {
          const response = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(i)) });
          const text = await response.body.text();
          if (response.statusCode !== 200) errors++;
          else if (keepBodies) bodies.push({ i, text });
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  await pool.close();
  return { latencies, errors, elapsedMs, bodies };
}

const summary = (run: LoadResult) => {
  const sorted = run.latencies.toSorted((a, b) => a - b);
  return { requests: run.latencies.length, errors: run.errors, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), rps: (1000 * run.latencies.length) / run.elapsedMs };
};

/** `bin/quorum.js serve …` on a free port; resolves with its base URL once it listens. Request log lines are collected. */
async function startServe(args: string[]): Promise<{ child: ChildProcess; url: string; logs: Record<string, unknown>[] }> {
  const child = spawn(process.execPath, ['bin/quorum.js', 'serve', '--port', '0', ...args], { cwd: REPO_ROOT, env: { ...process.env, QUORUM_API_KEY: '', OPENAI_API_KEY: '' } });
  const logs: Record<string, unknown>[] = [];
  let pending = '';
  child.stdout?.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /listening on (http:\/\/[^/\s]+)/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`quorum serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, logs };
}

async function stopServe(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const rssMiB = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
};
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const roundAll = (o: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));

// (a) pass-through overhead
const upstream = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, sequences: 8, modelName: 'toy-arith' });
const proxy = await startServe(['--base-url', upstream.baseURL, '--passthrough', '--max-in-flight', '64', '--queue', '1024']);
const direct = new URL(upstream.baseURL).origin;
const passBody = (stream: boolean) => (i: number) => ({ model: 'toy-arith', messages: [{ role: 'user', content: devQuestionText(i) }], max_tokens: 16, seed: i, ...(stream && { stream: true }) });
const runs: Record<string, LoadResult[]> = { direct: [], proxy: [], directStream: [], proxyStream: [] };
await load(direct, '/v1/chat/completions', PASSTHROUGH_CLIENTS, 2000, passBody(false)); // warm-up
await load(proxy.url, '/v1/chat/completions', PASSTHROUGH_CLIENTS, 2000, passBody(false));
for (let r = 0; r < ROUNDS; r++) {
  runs['direct']?.push(await load(direct, '/v1/chat/completions', PASSTHROUGH_CLIENTS, PASSTHROUGH_MS, passBody(false)));
  runs['proxy']?.push(await load(proxy.url, '/v1/chat/completions', PASSTHROUGH_CLIENTS, PASSTHROUGH_MS, passBody(false)));
  runs['directStream']?.push(await load(direct, '/v1/chat/completions', PASSTHROUGH_CLIENTS, PASSTHROUGH_MS, passBody(true)));
  runs['proxyStream']?.push(await load(proxy.url, '/v1/chat/completions', PASSTHROUGH_CLIENTS, PASSTHROUGH_MS, passBody(true)));
}
await stopServe(proxy.child);
await upstream.close();
const merged = (name: string): ReturnType<typeof summary> => {
  const all = runs[name] ?? [];
  return summary({ latencies: all.flatMap((r) => r.latencies), errors: all.reduce((s, r) => s + r.errors, 0), elapsedMs: all.reduce((s, r) => s + r.elapsedMs, 0), bodies: [] });
};
const [d, p, ds, ps] = (['direct', 'proxy', 'directStream', 'proxyStream'] as const).map(merged) as [ReturnType<typeof summary>, ReturnType<typeof summary>, ReturnType<typeof summary>, ReturnType<typeof summary>];
const ratios = (a: ReturnType<typeof summary>, b: ReturnType<typeof summary>) => ({ p50Ratio: round(b.p50Ms / a.p50Ms, 3), p99Ratio: round(b.p99Ms / a.p99Ms, 3), rpsRatio: round(b.rps / a.rps, 3) });

// (b) quorum mode over the embedded model
interface QuorumBody {
  quorum: { answer: string | null; samples: { total: number } };
  usage: { prompt_tokens: number; completion_tokens: number };
}
const serveArgs = ['--model', MODELS.toyArith, '--threads', '1', '--parallel', '16', '--max-in-flight', '16', '--stop', 'auto', '-n', '16', '--max-tokens', '96'];
const quorumServe = await startServe(serveArgs);
const quorumBody = (fixed: boolean) => (i: number) => ({ model: 'toy-arith', messages: [{ role: 'user', content: devQuestionText(i) }], seed: i, ...(fixed && { quorum: { stop: 'none' } }) });
await load(quorumServe.url, '/v1/chat/completions', QUORUM_CLIENTS, 3000, quorumBody(false)); // warm-up
const logsBefore = quorumServe.logs.length;
const rss: number[] = [rssMiB(quorumServe.child.pid as number)];
const sampler = setInterval(() => rss.push(rssMiB(quorumServe.child.pid as number)), 10_000);
const auto = await load(quorumServe.url, '/v1/chat/completions', QUORUM_CLIENTS, QUORUM_MS, quorumBody(false), true);
clearInterval(sampler);
rss.push(rssMiB(quorumServe.child.pid as number));
const autoLogs = quorumServe.logs.slice(logsBefore);
const fixed = await load(quorumServe.url, '/v1/chat/completions', QUORUM_CLIENTS, FIXED_MS, quorumBody(true), true);
await stopServe(quorumServe.child);

/** Both runs send request i with question i mod 200 and seed i, so requests with the same i are paired. */
const answered = (run: LoadResult) => new Map(run.bodies.map((b) => [b.i, JSON.parse(b.text) as QuorumBody]));
const autoBodies = answered(auto);
const fixedBodies = answered(fixed);
const paired = [...fixedBodies.keys()].filter((i) => autoBodies.has(i));
const correct = (body: QuorumBody | undefined, i: number): number => (body?.quorum.answer === String(TOY_DEV[i % TOY_DEV.length]?.answer) ? 1 : 0);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const decisionMs = autoLogs.map((l) => l['decision_ms'] as number).toSorted((a, b) => a - b);
const autoSummary = summary(auto);
console.log(
  JSON.stringify({
    bench: 'serve',
    passthrough: {
      clients: PASSTHROUGH_CLIENTS,
      secondsPerRun: PASSTHROUGH_MS / 1000,
      rounds: ROUNDS,
      maxTokens: 16,
      direct: roundAll(d),
      proxy: roundAll(p),
      ...ratios(d, p),
      stream: { direct: roundAll(ds), proxy: roundAll(ps), ...ratios(ds, ps) },
      targetP50Ratio: 1.1,
      met: p.p50Ms / d.p50Ms <= 1.1,
    },
    quorum: {
      clients: QUORUM_CLIENTS,
      seconds: QUORUM_MS / 1000,
      stop: 'auto',
      maxSamples: 16,
      requests: autoSummary.requests,
      errors: auto.errors,
      rps: round(autoSummary.rps, 3),
      latencyP50Ms: round(autoSummary.p50Ms),
      latencyP99Ms: round(autoSummary.p99Ms),
      decisionP50Ms: round(quantile(decisionMs, 0.5)),
      decisionP99Ms: round(quantile(decisionMs, 0.99)),
      samplesPerRequest: round(mean([...autoBodies.values()].map((b) => b.quorum.samples.total))),
      completionTokensPerRequest: round(mean([...autoBodies.values()].map((b) => b.usage.completion_tokens))),
      fixedN16EstimateTokensPerRequest: round(mean(autoLogs.map((l) => l['fixed_n_tokens_estimate'] as number))),
      fixedN16: {
        seconds: FIXED_MS / 1000,
        requests: fixedBodies.size,
        errors: fixed.errors,
        pairedRequests: paired.length,
        completionTokensPerRequest: round(mean(paired.map((i) => fixedBodies.get(i)?.usage.completion_tokens ?? NaN))),
        autoCompletionTokensPerRequest: round(mean(paired.map((i) => autoBodies.get(i)?.usage.completion_tokens ?? NaN))),
        accuracy: round(mean(paired.map((i) => correct(fixedBodies.get(i), i))), 3),
        autoAccuracy: round(mean(paired.map((i) => correct(autoBodies.get(i), i))), 3),
      },
      tokenRatioAutoVsFixedN16: round(mean(paired.map((i) => autoBodies.get(i)?.usage.completion_tokens ?? NaN)) / mean(paired.map((i) => fixedBodies.get(i)?.usage.completion_tokens ?? NaN)), 3),
      rssMiB: { start: round(rss[0] ?? NaN, 1), end: round(rss.at(-1) ?? NaN, 1), every10s: rss.map((x) => round(x, 1)) },
    },
  }),
);
