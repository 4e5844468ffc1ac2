/** Paths into ../shared, resolved from the repository root (never from the working directory). */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');

export const sharedPath = (...parts: string[]): string => path.join(SHARED_DIR, ...parts);

export const MODELS = {
  toyArith: sharedPath('models', 'toy-arith', 'toy-arith.gguf'),
  toyArithSf: sharedPath('models', 'toy-arith-sf', 'toy-arith-sf.gguf'),
  stories: sharedPath('models', 'stories260K.gguf'),
  tinyRandom: sharedPath('models', 'llama-2-tiny-random.gguf'),
} as const;

/** Folder for artefacts a test wants to keep (screenshots, reports); ignored by git. */
export const TEST_OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');
