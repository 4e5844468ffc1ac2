/**
 * How fast `quorum` starts, as a user runs it (`node bin/quorum.js`, which runs dist/; build first):
 * wall time of `quorum --help`, of a bad-option error, and of `quorum ask --model <toy-arith> -n 1`
 * split into model load (node-llama-cpp's import and getLlama, the GGUF, the context: `loadMs` of
 * --json), sampling (`elapsedMs`) and the rest (node's own start, quorum's modules, output, exit),
 * each against `node -e 0` measured in the same run. Medians of `RUNS` runs after one warm-up each.
 * Targets: --help at most 0.15 s above bare node; the rest of `ask` at most 0.3 s.
 * Prints one JSON line.
 *
 *   npm run build && npx tsx bench/startup.ts [--bin path/to/quorum.js]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { MODELS, REPO_ROOT } from '../test/shared.js';

const RUNS = 7;
const binIndex = process.argv.indexOf('--bin');
const BIN = binIndex > 0 ? path.resolve(process.argv[binIndex + 1] as string) : path.join(REPO_ROOT, 'bin', 'quorum.js');
const QUESTION = 'Nora starts with 43 kites. She buys 5 trays of 7 kites. How many kites does she have?';

interface Timed {
  seconds: number;
  stdout: string;
}

async function timed(args: readonly string[]): Promise<Timed> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, [...args], { cwd: REPO_ROOT }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  return { seconds: (performance.now() - started) / 1000, stdout };
}

const median = (xs: readonly number[]): number => {
  const sorted = xs.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function medianOf(args: readonly string[]): Promise<{ seconds: number; runs: Timed[] }> {
  await timed(args);
  const runs: Timed[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(args));
  return { seconds: median(runs.map((r) => r.seconds)), runs };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

const bare = await medianOf(['-e', '0']);
const help = await medianOf([BIN, '--help']);
const badOption = await medianOf([BIN, 'ask', '--temprature', '1', QUESTION]);
const ask = await medianOf([BIN, 'ask', '--model', MODELS.toyArith, '--threads', '1', '-n', '1', '--seed', '1', '--json', QUESTION]);

// Per run: wall = load + sampling + rest; the medians of each part.
const parts = ask.runs.map((run) => {
  const json = JSON.parse(run.stdout) as { loadMs?: number; elapsedMs: number };
  const load = (json.loadMs ?? Number.NaN) / 1000;
  const sampling = json.elapsedMs / 1000;
  return { load, sampling, rest: run.seconds - load - sampling };
});
const askRest = median(parts.map((p) => p.rest));

console.log(
  JSON.stringify({
    bench: 'startup',
    bin: path.relative(REPO_ROOT, BIN),
    runs: RUNS,
    node_s: round(bare.seconds),
    help_s: round(help.seconds),
    help_above_node_s: round(help.seconds - bare.seconds),
    bad_option_s: round(badOption.seconds),
    bad_option_above_node_s: round(badOption.seconds - bare.seconds),
    ask_s: round(ask.seconds),
    ask_model_load_s: round(median(parts.map((p) => p.load))),
    ask_sampling_s: round(median(parts.map((p) => p.sampling))),
    ask_rest_s: round(askRest),
    ask_rest_above_node_s: round(askRest - bare.seconds),
    targets: { help_above_node_s: 0.15, ask_rest_s: 0.3 },
    help_ok: help.seconds - bare.seconds <= 0.15,
    ask_rest_ok: askRest <= 0.3,
  }),
);
