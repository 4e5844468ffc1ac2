/**
 * `quorum serve` as a user runs it: its help and option errors, and SIGTERM with requests in flight
 * (they finish, the process exits 0, nothing is left upstream); and, in-process with a manual clock,
 * the drain deadline that aborts what is still running.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, REPO_ROOT } from '../../../test/shared.js';
import { createHttpUpstream } from '../../server/upstream.js';
import { startFaultProxy, type FaultProxy } from '../../test-support/fault-proxy.js';
import { startLlamaOpenAIServer, type LlamaOpenAIServer } from '../../test-support/llama-openai-server.js';
import { chatCompletion, errorBody, expectShape, readEventStream } from '../../test-support/openai-wire.js';
import { DRAIN_MS, startTestServe } from '../../test-support/serve-harness.js';
import { run } from './serve.js';
import { devQuestionText } from '../../test-support/toy-arith-dev.js';

const QUESTION = devQuestionText(0);
const body = (extra: Record<string, unknown> = {}) => ({ model: 'toy-arith', messages: [{ role: 'user', content: QUESTION }], seed: 2, quorum: { n: 6, stop: 'none', concurrency: 2 }, ...extra });

function capture(): { io: { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean } }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => ((out += t), true) }, stderr: { write: (t: string) => ((err += t), true) } },
    out: () => out,
    err: () => err,
  };
}

let slow: LlamaOpenAIServer;
let proxy: FaultProxy;
beforeAll(async () => {
  slow = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1, modelName: 'toy-arith', tokenDelayMs: 20 });
  proxy = await startFaultProxy({ upstream: slow.baseURL });
});
afterAll(async () => {
  await proxy.close();
  await slow.close();
});

describe('quorum serve options', () => {
  it('--help documents every flag, and exits 0', async () => {
    const { io, out } = capture();
    expect(await run(['--help'], io, {})).toBe(0);
    const flags = [...out().matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
    for (const flag of ['base-url', 'model', 'host', 'port', 'api-key', 'api-key-file', 'strategy', 'stop', 'n', 'answer', 'abstain-below', 'on-abstain', 'refusal-text', 'concurrency', 'passthrough', 'temperature', 'top-p', 'max-tokens', 'max-samples', 'max-total-tokens', 'max-in-flight', 'queue', 'max-body', 'timeout', 'drain-timeout', 'format', 'threads', 'parallel', 'cache-dir', 'log-prompts', 'help']) {
      expect(flags).toContain(flag);
    }
  });

  it('rejects bad options with exit 2 and a message that says what to fix, before loading any model', async () => {
    const cases: [string[], RegExp][] = [
      [['--stop', 'betaa'], /--stop: unknown stop rule "betaa"; choose one of: fixed, esc, beta/],
      [['--strategy', 'majority:x=1'], /--strategy: strategy "majority:x=1": majority has no option "x"/],
      [['--port', 'eighty'], /--port must be an integer ≥ 0, got "eighty"/],
      [['--base-url', 'localhost:8080'], /--base-url must be an http\(s\) URL/],
      [['--api-key-file', '/no/such/file'], /--api-key-file: cannot read \/no\/such\/file \(ENOENT\)/],
      [['-n', '100'], /-n 100 is above --max-samples 64/],
      [['--bogus'], /unknown option --bogus.*quorum serve --help/],
      [['extra'], /takes no arguments/],
    ];
    for (const [argv, message] of cases) {
      const { io, err } = capture();
      expect(await run(argv, io, {})).toBe(2);
      expect(err()).toMatch(message);
    }
  });
});

describe('stopping', () => {
  it('on SIGTERM finishes the requests in flight, then exits 0 with nothing left upstream', async () => {
    const child = spawn(process.execPath, ['bin/quorum.js', 'serve', '--base-url', proxy.baseURL, '--model', 'toy-arith', '--port', '0'], { cwd: REPO_ROOT, env: { ...process.env, QUORUM_API_KEY: '', OPENAI_API_KEY: '' } });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const match = /listening on (http:\/\/\S+\/v1)/.exec(stderr);
        if (match) resolve(match[1] as string);
      });
    });
    const post = (extra: Record<string, unknown>) => fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(extra)) });
    const plain = post({});
    const streamed = post({ stream: true });
    while (proxy.inFlight < 2) await new Promise((resolve) => setImmediate(resolve));
    child.kill('SIGTERM');
    const [first, second] = await Promise.all([plain, streamed]);
    expect(first.status).toBe(200);
    expect(expectShape(chatCompletion, await first.json()).quorum?.samples).toMatchObject({ total: 6, cancelled: 0 });
    const { data } = readEventStream(await (second as Response).text());
    expect(data.at(-1)).toBe('[DONE]');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM: finishing 2 request\(s\) in flight \(up to 30 s\)\nquorum serve: stopped\n$/);
    expect(stdout.trim().split('\n').map((line) => (JSON.parse(line) as { status: number }).status)).toEqual([200, 200]);
    await Promise.all([proxy.idle(), slow.idle()]);
    expect([proxy.inFlight, slow.generating]).toEqual([0, 0]);
  });

  it('aborts what is still running at the drain deadline: a request with samples decides on them, one without gets 503', async () => {
    // Two generation slots, both taken by the first request: the second one's samples wait in the queue.
    const serve = await startTestServe(createHttpUpstream({ baseURLs: [proxy.baseURL], concurrency: 8, maxRetries: 0 }), { maxInFlight: 2 });
    const response = await serve.post('/chat/completions', body({ stream: true, quorum: { n: 12, stop: 'none', concurrency: 2 } }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('"status":"ok"')) text += new TextDecoder().decode((await reader.read()).value);
    const late = serve.post('/chat/completions', body({ quorum: { n: 2, stop: 'none' } }));
    while (serve.app.inFlight < 2) await new Promise((resolve) => setImmediate(resolve));
    const stopping = serve.server.shutdown(DRAIN_MS);
    // Draining: the app refuses new work with 503.
    const refused = await serve.app.fetch(new Request('http://quorum/v1/chat/completions', { method: 'POST', body: JSON.stringify(body()) }));
    expect([refused.status, expectShape(errorBody, await refused.json()).error.code]).toEqual([503, 'shutting_down']);
    expect(serve.timer.fire(DRAIN_MS)).toBe(1);
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += new TextDecoder().decode(part.value);
    const finish = readEventStream(text).data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as { quorum?: { stop?: unknown } }).find((c) => c.quorum?.stop !== undefined);
    expect(finish?.quorum?.stop).toEqual({ rule: 'shutdown', reason: 'the server is shutting down' });
    const lateResponse = await late;
    expect([lateResponse.status, expectShape(errorBody, await lateResponse.json()).error.code]).toEqual([503, 'shutting_down']);
    expect(await stopping).toEqual({ aborted: 2 });
    await Promise.all([proxy.idle(), slow.idle()]);
    expect([proxy.inFlight, slow.generating]).toEqual([0, 0]);
    await serve.close();
  });
});
