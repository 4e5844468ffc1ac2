/**
 * `quorum eval --dataset … (--model … | --base-url …) --n 64 --out runs/x`: record a live run into a
 * run folder (resuming it if it exists), then evaluate it like any recorded pool; and
 * `quorum eval --run runs/x`: evaluate stored runs without generating. Adding strategies later costs
 * no tokens. See docs/recording.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnswerKind } from '../../answers/answer-kind.js';
import type { Backend } from '../../backends/backend.js';
import { InvalidInputError, QuorumError } from '../../core/errors.js';
import { resolveAnswerKind } from '../../eval/datasets/answer-kinds.js';
import { datasetNames, loadDataset } from '../../eval/datasets/registry.js';
import type { SampleBudget } from '../../eval/eval-question.js';
import { logGrid } from '../../eval/metrics/pass-at-k.js';
import type { PoolSource } from '../../eval/pool-source.js';
import { createProgress, type ProgressStream } from '../../eval/progress.js';
import { newRunManifest, recordRun, type RecordProgress } from '../../eval/record.js';
import type { RunManifest } from '../../eval/store/manifest.js';
import { runSources } from '../../eval/store/run-pool.js';
import { mergedManifest } from '../../eval/store/run-store.js';
import { parseIntegerOption, splitList, type OptionTable } from '../args.js';
import { apiKeyFromEnv, openBackend } from '../open-backend.js';

/** The shared data folder of a source checkout (`../shared` beside the repository). */
const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../../shared', import.meta.url));

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
  'max-tokens': { type: 'string', placeholder: 'k', defaultText: '512', description: 'completion tokens per sample' },
  'top-logprobs': { type: 'string', placeholder: 'k', defaultText: '0', description: 'top alternatives per token to record' },
  'record-seed': { type: 'string', placeholder: 's', defaultText: '0', description: 'seed of the recording; sample i of question q uses one derived from it' },
  parallel: { type: 'string', placeholder: 'k', defaultText: '8', description: 'with --dataset: samples generated at once (parallel sequences of the embedded model, requests in flight to a server)' },
  threads: { type: 'string', placeholder: 'k', defaultText: "the machine's math cores", description: 'CPU threads of the embedded model (1 for tiny models)' },
  'data-dir': { type: 'string', placeholder: 'folder', defaultText: '../shared beside the repository', description: 'folder holding data/benchmarks and models/toy-arith' },
};

type Values = Record<string, string | boolean | undefined>;

export interface CommandStreams {
  stderr: ProgressStream;
}

export interface LiveMode {
  /** Pools to evaluate: the run folders. */
  sources: PoolSource[];
  /** Budgets to evaluate when recording: 1, 2, 4, … n. */
  ns?: SampleBudget[];
  /** Records the run first; resolves to false (with the reason on stderr) when it could not finish. */
  record?: (io: CommandStreams) => Promise<boolean>;
}

/** A step after the samples are stored, with the same backend (recording self-feedback calls); false = not complete. */
export type AfterSamples = (context: { backend: Backend; dir: string; answerKind: AnswerKind; signal: AbortSignal; io: CommandStreams }) => Promise<boolean>;

/** Undefined when the command is about recorded-sample files; throws InvalidInputError on bad options. */
export function liveMode(values: Values, afterSamples?: AfterSamples): LiveMode | undefined {
  const text = (name: string): string | undefined => values[name] as string | undefined;
  if (text('run') !== undefined) {
    if (text('dataset') !== undefined) throw new InvalidInputError('give --dataset (record a run) or --run (evaluate stored runs), not both');
    return { sources: runSources(splitList(text('run') as string)) };
  }
  const datasetRef = text('dataset');
  if (datasetRef === undefined) {
    for (const name of ['model', 'base-url', 'out']) {
      if (values[name] !== undefined) throw new InvalidInputError(`--${name} needs --dataset (what to record)`);
    }
    return undefined;
  }
  const model = text('model');
  if (model === undefined) throw new InvalidInputError('--dataset needs --model: a GGUF file, or a model name together with --base-url');
  const n = parseIntegerOption('n', text('n') ?? '16', 1);
  const dataset = loadDataset(datasetRef, {
    sharedDir: text('data-dir') ?? DEFAULT_DATA_DIR,
    ...(text('template') !== undefined && { template: text('template') as string }),
    ...(text('limit') !== undefined && { limit: parseIntegerOption('limit', text('limit') as string, 1) }),
  });
  const answers = resolveAnswerKind(dataset.kind);
  const baseUrl = text('base-url');
  const concurrency = parseIntegerOption('parallel', text('parallel') ?? '8', 1);
  const threads = text('threads') === undefined ? undefined : parseIntegerOption('threads', text('threads') as string, 1);
  const topLogprobs = parseIntegerOption('top-logprobs', text('top-logprobs') ?? '0', 0);
  const sampling: RunManifest['sampling'] = {
    temperature: parseNumber('temperature', text('temperature') ?? '0.8', 0, 2),
    topP: parseNumber('top-p', text('top-p') ?? '1', 0, 1),
    maxTokens: parseIntegerOption('max-tokens', text('max-tokens') ?? '512', 1),
    logprobs: true,
    ...(topLogprobs > 0 && { topLogprobs }),
  };
  const manifest = newRunManifest({
    dataset,
    ref: datasetRef,
    backend: baseUrl === undefined ? { id: `llama:${path.basename(model)}`, settings: { kind: 'llama', model: path.resolve(model) } } : { id: `openai:${model}`, settings: { kind: 'openai', baseUrl, model } },
    sampling,
    seed: parseIntegerOption('record-seed', text('record-seed') ?? '0', 0),
    n,
    chat: values['chat'] === true,
  });
  const dir = text('out') ?? path.join('runs', path.basename(dataset.name, '.jsonl'));

  const record = async (io: CommandStreams): Promise<boolean> => {
    let backend: Backend;
    try {
      // Refuse a mismatched run folder before paying for loading a model.
      mergedManifest(dir, manifest);
      ({ backend } = await openBackend({ model, baseUrl, apiKey: text('api-key') ?? apiKeyFromEnv(process.env), concurrency, threads }));
    } catch (error) {
      if (!(error instanceof QuorumError)) throw error;
      io.stderr.write(`quorum eval: ${error.message}\n`);
      return false;
    }
    const controller = new AbortController();
    const stop = (): void => {
      io.stderr.write('\nquorum eval: stopping; samples stored so far are kept — re-run the same command to resume\n');
      controller.abort();
    };
    process.once('SIGINT', stop);
    const progress = values['quiet'] === true ? undefined : createProgress(io.stderr, `record ${path.basename(dir)}`, Date.now, { plainLines: 10 });
    const started = Date.now();
    let tokens = 0;
    let correct = 0;
    try {
      const summary = await recordRun({
        backend,
        dir,
        manifest,
        answerKind: answers,
        concurrency,
        signal: controller.signal,
        onSample: (event: RecordProgress) => {
          tokens += event.sample.tokens;
          correct += event.correct ? 1 : 0;
          const rate = (1000 * tokens) / Math.max(1, Date.now() - started);
          const detail = `${Math.round(rate)} tok/s, sample accuracy ${((100 * correct) / event.done).toFixed(1)} %`;
          progress?.update(event.done, event.todo, detail);
        },
      });
      progress?.finish(`${summary.generated} samples generated, ${summary.resumed} already stored, ${summary.errors} failed, in ${dir}`);
      if (!summary.complete || afterSamples === undefined) return summary.complete;
      return await afterSamples({ backend, dir, answerKind: answers, signal: controller.signal, io });
    } finally {
      process.removeListener('SIGINT', stop);
      await backend.close?.();
    }
  };
  return { sources: runSources([dir]), ns: logGrid(n), record };
}

function parseNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new InvalidInputError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  return value;
}
