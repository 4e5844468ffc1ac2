/**
 * A run folder: `manifest.json` (the settings, written atomically) and `samples.jsonl` (the pool,
 * appended one fsync'd line per finished sample). Everything needs only the file system, so it installs
 * offline and survives SIGKILL.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileFormatError, InvalidInputError } from '../../core/errors.js';
import { differingSettings, MANIFEST_VERSION, type RunManifest } from './manifest.js';
import { openSampleLog, readSampleLog, type SampleLogWriter } from './sample-log.js';
import type { StoredSample } from './stored-sample.js';

const MANIFEST = 'manifest.json';
const SAMPLES = 'samples.jsonl';

export interface StoredRun {
  dir: string;
  manifest: RunManifest;
  /** Samples per question id, ordered by sample index. */
  byQuestion: Map<string, StoredSample[]>;
  /** Whether a torn last line (from a kill) was skipped. */
  tornTail: boolean;
}

export const isRunDir = (dir: string): boolean => existsSync(path.join(dir, MANIFEST));

/**
 * Reads a run folder. The first stored copy of a (question, index) wins, except that a failed copy
 * gives way to a later one that did not fail (a re-run retries failed samples).
 */
export function readRun(dir: string): StoredRun {
  const manifest = readManifest(dir);
  const { samples, tornTail } = readSampleLog(path.join(dir, SAMPLES));
  const kept = new Map<string, StoredSample>();
  for (const sample of samples) {
    const key = `${sample.question}\u0000${sample.index}`;
    const earlier = kept.get(key);
    if (earlier === undefined || (earlier.status === 'error' && sample.status !== 'error')) kept.set(key, sample);
  }
  const byQuestion = new Map<string, StoredSample[]>(manifest.dataset.questions.map((q) => [q.id, []]));
  for (const sample of kept.values()) {
    let list = byQuestion.get(sample.question);
    if (list === undefined) byQuestion.set(sample.question, (list = []));
    list.push(sample);
  }
  for (const list of byQuestion.values()) list.sort((a, b) => a.index - b.index);
  return { dir, manifest, byQuestion, tornTail };
}

function readManifest(dir: string): RunManifest {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) throw new InvalidInputError(`${dir} is not a run folder (no ${MANIFEST}); record one with "quorum eval --dataset … --out ${dir}"`);
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
  } catch (cause) {
    throw new FileFormatError(file, undefined, 'not valid JSON', { cause });
  }
  if (manifest.version !== MANIFEST_VERSION) {
    throw new FileFormatError(file, undefined, `run format version ${String(manifest.version)} is not supported (expected ${MANIFEST_VERSION})`);
  }
  return manifest;
}

export interface RunWriter {
  /** The run as it was when opened (samples already stored). */
  readonly existing: StoredRun;
  append(sample: StoredSample): void;
  /** Waits for pending fsyncs and closes the log. */
  close(): Promise<void>;
}

/**
 * Creates a run folder or re-opens one with the same generation settings. Samples per question and the
 * question list may grow; anything that changes what a sample is (model, prompt, sampling, seed) is refused.
 */
export function openRunForWriting(dir: string, requested: RunManifest): RunWriter {
  const manifest = mergedManifest(dir, requested);
  mkdirSync(dir, { recursive: true });
  writeAtomically(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const log: SampleLogWriter = openSampleLog(path.join(dir, SAMPLES));
  return { existing: readRun(dir), append: (sample) => log.append(sample), close: () => log.close() };
}

/**
 * The manifest a run folder will have once `requested` is recorded into it: `requested` for a new
 * folder, the stored one grown by new questions and a larger n for an existing one. Throws, touching
 * nothing, when the folder holds samples made with other settings — call it before loading a model.
 */
export function mergedManifest(dir: string, requested: RunManifest): RunManifest {
  if (!isRunDir(dir)) return requested;
  const stored = readManifest(dir);
  const differing = differingSettings(stored, requested);
  if (differing.length > 0) {
    throw new InvalidInputError(
      `${dir} was recorded with other settings: ${differing.join('; ')}. Re-run with the stored settings to resume, or choose a new --out folder.`,
    );
  }
  const known = new Set(stored.dataset.questions.map((q) => q.id));
  const questions = [...stored.dataset.questions, ...requested.dataset.questions.filter((q) => !known.has(q.id))];
  return { ...stored, n: Math.max(stored.n, requested.n), dataset: { ...stored.dataset, questions } };
}

/** Write to a temporary file, fsync, rename over the target, fsync the folder: never half a manifest. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, text);
  const fd = openSync(temporary, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temporary, file);
  const dirFd = openSync(path.dirname(file), 'r');
  fsyncSync(dirFd);
  closeSync(dirFd);
}
