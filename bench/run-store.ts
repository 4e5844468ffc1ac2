/**
 * What crash safety costs: appending 2,000 toy-arith-sized samples (36 tokens with logprobs) to a run
 * store (each line written at once, fsync'd as a background group commit) and, for comparison, with
 * a blocking fsync after every line, against the same lines appended without fsync in the same run.
 * `event_loop_blocked_ms_per_sample` is the time append() holds the caller.
 * Prints one JSON line.
 *
 *   npx tsx bench/run-store.ts
 */
import { appendFileSync, closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newRunManifest } from '../src/eval/record.js';
import { openRunForWriting, readRun } from '../src/eval/store/run-store.js';
import type { StoredSample } from '../src/recordings/stored-sample.js';

const SAMPLES = 2000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'quorum-bench-store-'));
const sample = (i: number): StoredSample => ({
  question: `q${Math.floor(i / 16)}`,
  index: i % 16,
  seed: i,
  text: ' 5*7=35. 43+35=78. The answer is 78.',
  answer: '78',
  tokens: 36,
  logprobs: Array.from({ length: 36 }, (_, j) => ({ text: String(j % 10), logprob: -Math.random() / 10 })),
  promptTokens: 31,
  finishReason: 'stop',
  status: 'ok',
  latencyMs: 20,
  finishedAt: Date.now(),
});
const samples = Array.from({ length: SAMPLES }, (_, i) => sample(i));
const manifest = newRunManifest({
  dataset: { name: 'bench', kind: 'exact', template: '{question}', items: Array.from({ length: SAMPLES / 16 }, (_, q) => ({ id: `q${q}`, question: 'x', answer: '1' })) },
  ref: 'bench',
  backend: { id: 'bench', settings: {} },
  sampling: { logprobs: true },
  seed: 0,
  n: 16,
});

let t = performance.now();
const plainFile = path.join(dir, 'plain.jsonl');
for (const s of samples) appendFileSync(plainFile, `${JSON.stringify(s)}\n`);
const baselineMs = performance.now() - t;

t = performance.now();
const writer = openRunForWriting(path.join(dir, 'run'), manifest);
let blockedMs = 0;
for (const s of samples) {
  const before = performance.now();
  writer.append(s);
  blockedMs += performance.now() - before;
  // Let background fsyncs complete between samples, as they do between generations in a real run.
  await new Promise((resolve) => setImmediate(resolve));
}
await writer.close();
const storeMs = performance.now() - t;

const syncEachFile = path.join(dir, 'sync-each.jsonl');
t = performance.now();
const fd = openSync(syncEachFile, 'a');
for (const s of samples) {
  writeSync(fd, `${JSON.stringify(s)}\n`);
  fsyncSync(fd);
}
closeSync(fd);
const syncEachMs = performance.now() - t;

t = performance.now();
const stored = [...readRun(path.join(dir, 'run')).byQuestion.values()].flat().length;
const readMs = performance.now() - t;
rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: 'run-store',
    samples: SAMPLES,
    stored,
    store_ms_per_sample: Number((storeMs / SAMPLES).toFixed(4)),
    event_loop_blocked_ms_per_sample: Number((blockedMs / SAMPLES).toFixed(4)),
    fsync_each_line_ms_per_sample: Number((syncEachMs / SAMPLES).toFixed(4)),
    plain_append_ms_per_sample: Number((baselineMs / SAMPLES).toFixed(4)),
    blocked_vs_fsync_each_ratio: Number((blockedMs / syncEachMs).toFixed(3)),
    read_ms_per_sample: Number((readMs / SAMPLES).toFixed(4)),
  }),
);
