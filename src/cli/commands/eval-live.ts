/**
 * `quorum eval --dataset … (--model … | --base-url …) --n 64 --out runs/x`: record a live run into a
 * run folder (resuming it if it exists), then evaluate it like any recorded pool; and
 * `quorum eval --run runs/x`: evaluate stored runs without generating. Adding strategies later costs
 * no tokens. See docs/recording.md.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnswerKind } from '../../answers/answer-kind.js';
import type { Backend } from '../../backends/backend.js';
import { InvalidInputError } from '../../core/errors.js';
import { resolveAnswerKind } from '../../eval/datasets/answer-kinds.js';
import { datasetNames, loadDataset } from '../../eval/datasets/registry.js';
import type { SampleBudget } from '../../eval/eval-question.js';
import { logGrid } from '../../eval/metrics/pass-at-k.js';
import type { PoolSource } from '../../eval/pool-source.js';
import { createProgress, type ProgressStream } from '../../eval/progress.js';
import { newRunManifest, recordRun, type RecordProgress, type RecordSummary } from '../../eval/record.js';
import type { RunManifest } from '../../eval/store/manifest.js';
import { runSources } from '../../eval/store/run-pool.js';
import { mergedManifest } from '../../eval/store/run-store.js';
import { splitList, stringValue, type OptionTable, type OptionValues } from '../args.js';
import type { Env } from '../command.js';
import { DECODING_OPTIONS, readDecodingOptions } from '../decoding-options.js';
import { readNumber } from '../number-options.js';
import { apiKeyFromEnv, openBackend } from '../open-backend.js';
import { packageManifest } from '../package-root.js';

/** The shared data folder of a source checkout (`../shared` beside the repository); an installed package has none. */
const checkoutDataDir = (): string => path.join(packageManifest().root, '..', 'shared');

/** Where registered datasets are read: --data-dir, else QUORUM_DATA_DIR, else the checkout's ../shared when it exists. */
export function dataDir(values: OptionValues, env: Env): string | undefined {
  const given = stringValue(values, 'data-dir') ?? (env['QUORUM_DATA_DIR'] || undefined);
  if (given !== undefined) return given;
  const checkout = checkoutDataDir();
  return existsSync(checkout) ? checkout : undefined;
}

export const LIVE_OPTIONS: OptionTable = {
  dataset: {
    type: 'string',
    placeholder: 'name|file',
    description: `record a live run on a dataset (${datasetNames().join(', ')}) or a JSONL file of {id, question, answer, choices?, kind?}`,
  },
  model: { type: 'string', placeholder: 'gguf|name', description: 'with --dataset: a GGUF file for the embedded model, or the model name for --base-url' },
  'base-url': { type: 'string', placeholder: 'url', description: 'with --dataset: an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1' },
  'api-key': { type: 'string', placeholder: 'key', defaultText: '$QUORUM_API_KEY, else $OPENAI_API_KEY', description: 'bearer token for --base-url' },
  chat: { type: 'boolean', description: 'send prompts as one user chat message instead of raw completion text' },
  out: { type: 'string', placeholder: 'folder', defaultText: 'runs/<dataset>', description: 'run folder to record into; an existing run with the same settings is resumed' },
  run: { type: 'string', placeholder: 'folders', description: 'evaluate recorded run folders (comma list) without generating' },
  limit: { type: 'string', placeholder: 'k', defaultText: 'all', description: 'record only the first k questions' },
  template: { type: 'string', placeholder: 'text', defaultText: "the dataset's", description: 'prompt template with {question} (and {choices})' },
  temperature: { type: 'string', placeholder: 't', defaultText: '0.8', description: 'sampling temperature' },
  'top-p': { type: 'string', placeholder: 'p', defaultText: '1', description: 'nucleus sampling' },
  ...DECODING_OPTIONS,
  'max-tokens': { type: 'string', placeholder: 'k', defaultText: '512', description: 'completion tokens per sample' },
  'top-logprobs': { type: 'string', placeholder: 'k', defaultText: '0', description: 'top alternatives per token to record' },
  'record-seed': { type: 'string', placeholder: 's', defaultText: '0', description: 'seed of the recording; sample i of question q uses one derived from it' },
  'retry-failed': { type: 'boolean', description: 'with --dataset: draw again the samples a backend failed in an earlier run of this folder (the default)' },
  'no-retry': { type: 'boolean', description: 'with --dataset: keep failed samples as they are and only draw missing ones' },
  parallel: { type: 'string', placeholder: 'k', defaultText: '8', description: 'with --dataset: samples generated at once (parallel sequences of the embedded model, requests in flight to a server)' },
  threads: { type: 'string', placeholder: 'k', defaultText: "the machine's math cores", description: 'CPU threads of the embedded model (1 for tiny models)' },
  'data-dir': {
    type: 'string',
    placeholder: 'folder',
    defaultText: '$QUORUM_DATA_DIR, else ../shared beside a source checkout',
    description: 'folder holding data/benchmarks and models/toy-arith, where registered datasets are read (not needed for your own JSONL file)',
  },
};

export interface CommandStreams {
  stderr: ProgressStream;
}

export interface LiveMode {
  /** Pools to evaluate: the run folders. */
  sources: PoolSource[];
  /** Budgets to evaluate when recording: 1, 2, 4, … n. */
  ns?: SampleBudget[];
  /** Records the run first (or resumes it); rejects when the run folder, the model or the backend cannot be used. */
  record?: (io: CommandStreams) => Promise<RecordOutcome>;
}

export interface RecordOutcome {
  summary: RecordSummary;
  /** The error of the first sample that failed in this recording, if one did. */
  firstFailure: string | undefined;
  /** Stopped by Ctrl-C: what is stored is kept, and nothing is evaluated. */
  cancelled: boolean;
}

/** A step after the samples are stored, with the same backend (recording self-feedback calls). */
export type AfterSamples = (context: { backend: Backend; dir: string; answerKind: AnswerKind; signal: AbortSignal; io: CommandStreams }) => Promise<void>;

/** Undefined when the command is about recorded-sample files; throws InvalidInputError on bad options. */
export function liveMode(values: OptionValues, env: Env, override?: AnswerKind, afterSamples?: AfterSamples): LiveMode | undefined {
  const text = (name: string): string | undefined => stringValue(values, name);
  if (text('run') !== undefined) {
    if (text('dataset') !== undefined) throw new InvalidInputError('give --dataset (record a run) or --run (evaluate stored runs), not both');
    return { sources: runSources(splitList(text('run') as string), override) };
  }
  const datasetRef = text('dataset');
  if (datasetRef === undefined) {
    for (const name of ['model', 'base-url', 'out', 'sampler', 'decode']) {
      if (values[name] !== undefined) throw new InvalidInputError(`--${name} needs --dataset (what to record)`);
    }
    return undefined;
  }
  if (override !== undefined) {
    throw new InvalidInputError('--answer does not apply to --dataset: a run is graded by its dataset\'s kind ("kind" in your JSONL); grade it another way afterwards with --run <folder> --answer <kind>');
  }
  const model = text('model');
  if (model === undefined) throw new InvalidInputError('--dataset needs --model: a GGUF file, or a model name together with --base-url');
  const n = readNumber('n', text('n') ?? '16');
  const dataset = loadDataset(datasetRef, {
    sharedDir: dataDir(values, env),
    ...(text('template') !== undefined && { template: text('template') as string }),
    ...(text('limit') !== undefined && { limit: readNumber('limit', text('limit') as string) }),
  });
  const answers = resolveAnswerKind(dataset.kind);
  const baseUrl = text('base-url');
  const concurrency = readNumber('parallel', text('parallel') ?? '8');
  const threads = text('threads') === undefined ? undefined : readNumber('threads', text('threads') as string);
  if (baseUrl !== undefined && threads !== undefined) throw new InvalidInputError('--threads applies to an embedded model, not to --base-url');
  const topLogprobs = readNumber('top-logprobs', text('top-logprobs') ?? '0');
  const sampling: RunManifest['sampling'] = {
    ...readDecodingOptions(text, { server: baseUrl !== undefined }),
    maxTokens: readNumber('max-tokens', text('max-tokens') ?? '512'),
    logprobs: true,
    ...(topLogprobs > 0 && { topLogprobs }),
  };
  const manifest = newRunManifest({
    dataset,
    ref: datasetRef,
    backend: baseUrl === undefined ? { id: `llama:${path.basename(model)}`, settings: { kind: 'llama', model: path.resolve(model) } } : { id: `openai:${model}`, settings: { kind: 'openai', baseUrl, model } },
    sampling,
    seed: readNumber('record-seed', text('record-seed') ?? '0'),
    n,
    chat: values['chat'] === true,
  });
  if (values['retry-failed'] === true && values['no-retry'] === true) throw new InvalidInputError('give --retry-failed or --no-retry, not both');
  const retryFailed = values['no-retry'] !== true;
  const dir = text('out') ?? path.join('runs', path.basename(dataset.name, '.jsonl'));
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InvalidInputError(`--out ${dir} is a file; give a folder for the run (it is created if missing)`);

  const record = async (io: CommandStreams): Promise<RecordOutcome> => {
    // Refuse a mismatched run folder before paying for loading a model.
    mergedManifest(dir, manifest);
    const { backend } = await openBackend({ model, baseUrl, apiKey: text('api-key') ?? apiKeyFromEnv(env), concurrency, threads });
    return recordWith(backend, { dir, manifest, answers, concurrency, retryFailed, quiet: values['quiet'] === true, afterSamples }, io);
  };
  return { sources: runSources([dir]), ns: logGrid(n), record };
}

interface RecordSettings {
  dir: string;
  manifest: RunManifest;
  answers: ReturnType<typeof resolveAnswerKind>;
  concurrency: number;
  /** Draw again the samples that failed in an earlier run (else only missing ones are drawn). */
  retryFailed: boolean;
  quiet: boolean;
  /** Run once every sample is stored, with the same backend (recording self-feedback calls). */
  afterSamples: AfterSamples | undefined;
}

/** "160 samples generated (4 retried), 0 already stored, 0 failed" */
export function recordLine(summary: RecordSummary): string {
  const { retried } = summary;
  return `${summary.generated} samples generated${retried > 0 ? ` (${retried} retried)` : ''}, ${summary.resumed} already stored, ${summary.errors} failed`;
}

/** Records with progress on stderr; Ctrl-C stops it, keeping what is stored. The backend is closed in every case. */
async function recordWith(backend: Backend, settings: RecordSettings, io: CommandStreams): Promise<RecordOutcome> {
  const { dir } = settings;
  const controller = new AbortController();
  const stop = (): void => {
    io.stderr.write('\nquorum eval: stopping; samples stored so far are kept — re-run the same command to resume\n');
    controller.abort();
  };
  process.once('SIGINT', stop);
  const progress = settings.quiet ? undefined : createProgress(io.stderr, `record ${path.basename(dir)}`, Date.now, { plainLines: 10 });
  const started = Date.now();
  let tokens = 0;
  let correct = 0;
  let firstFailure: string | undefined;
  try {
    const summary = await recordRun({
      backend,
      dir,
      manifest: settings.manifest,
      answerKind: settings.answers,
      concurrency: settings.concurrency,
      retryFailed: settings.retryFailed,
      signal: controller.signal,
      onSample: (event: RecordProgress) => {
        tokens += event.sample.tokens;
        correct += event.correct ? 1 : 0;
        if (event.sample.status === 'error') firstFailure ??= event.sample.error ?? 'failed';
        const rate = (1000 * tokens) / Math.max(1, Date.now() - started);
        const detail = `${Math.round(rate)} tok/s, sample accuracy ${((100 * correct) / event.done).toFixed(1)} %`;
        progress?.update(event.done, event.todo, detail);
      },
    });
    progress?.finish(`${recordLine(summary)}, in ${dir}`);
    // Feedback calls need every sample; after an outage they are made by the re-run that retries it.
    if (settings.afterSamples !== undefined && !controller.signal.aborted && summary.errors === 0) {
      await settings.afterSamples({ backend, dir, answerKind: settings.answers, signal: controller.signal, io });
    }
    return { summary, firstFailure, cancelled: controller.signal.aborted };
  } catch (error) {
    progress?.finish(`stopped, in ${dir}`);
    throw error;
  } finally {
    process.removeListener('SIGINT', stop);
    await backend.close?.();
  }
}
