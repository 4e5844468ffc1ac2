/**
 * Datasets by name: every benchmark in the shared data folder and the toy-arith splits. Anything that
 * is not a registered name is read as a user JSONL file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError, UnknownNameError } from '../../core/errors.js';
import type { Benchmark } from './benchmark.js';
import type { Dataset } from './dataset.js';
import { aime2024, aime2025 } from './aime.js';
import { aqua } from './aqua.js';
import { commonsenseqa } from './commonsenseqa.js';
import { gsm8k } from './gsm8k.js';
import { math500 } from './math500.js';
import { strategyqa } from './strategyqa.js';
import { svamp } from './svamp.js';
import { toyArithDev, toyArithTest } from './toy-arith.js';
import { truthfulqa } from './truthfulqa.js';
import { readUserJsonl } from './user-jsonl.js';

const benchmarks = new Map<string, Benchmark>(
  [gsm8k, math500, aime2024, aime2025, svamp, aqua, strategyqa, commonsenseqa, truthfulqa, toyArithDev, toyArithTest].map(
    (b) => [b.name, b],
  ),
);

export const datasetNames = (): string[] => [...benchmarks.keys()];

/** A registered benchmark's loader by name. */
export function getBenchmark(name: string): Benchmark {
  const benchmark = benchmarks.get(name);
  if (benchmark === undefined) throw new UnknownNameError('dataset', name, datasetNames());
  return benchmark;
}

export interface LoadDatasetOptions {
  /** The shared data folder holding `data/benchmarks` and `models/toy-arith`; undefined when none is known. */
  sharedDir: string | undefined;
  /** Replaces the dataset's default prompt template. */
  template?: string;
  /** Keep only the first `limit` questions. */
  limit?: number;
}

/** A registered dataset by name, or a user JSONL file by path. */
export function loadDataset(ref: string, options: LoadDatasetOptions): Dataset {
  const dataset = readDataset(ref, options.sharedDir);
  if (options.template !== undefined) {
    if (!options.template.includes('{question}')) {
      throw new InvalidInputError(`prompt template must contain {question}; got ${JSON.stringify(options.template)}`);
    }
    dataset.template = options.template;
  }
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new InvalidInputError(`question limit must be a positive integer, got ${options.limit}`);
    }
    dataset.items = dataset.items.slice(0, options.limit);
  }
  return dataset;
}

/** Where to get the data folder, said in every message about a missing one. */
const DATA_DIR_HINT =
  'pass --data-dir <folder> (or set QUORUM_DATA_DIR) naming the shared data folder that holds data/benchmarks and models/toy-arith; a source checkout finds it at ../shared beside the repository';

function readDataset(ref: string, sharedDir: string | undefined): Dataset {
  const benchmark = benchmarks.get(ref);
  if (benchmark === undefined) {
    if (existsSync(ref)) return readUserJsonl(ref);
    throw new UnknownNameError('dataset (or no such JSONL file)', ref, datasetNames());
  }
  if (sharedDir === undefined) throw new InvalidInputError(`dataset ${ref} is read from the shared data folder, and none was given: ${DATA_DIR_HINT}`);
  const file = path.join(sharedDir, ...benchmark.file);
  if (!existsSync(file)) throw new InvalidInputError(`dataset ${ref} is read from ${file}, which does not exist: ${DATA_DIR_HINT}`);
  const dataset: Dataset = {
    name: benchmark.name,
    kind: benchmark.kind,
    template: benchmark.template,
    items: benchmark.read(file),
  };
  if (benchmark.stop !== undefined) dataset.stop = benchmark.stop;
  return dataset;
}
