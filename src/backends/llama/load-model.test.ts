import { mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../test/shared.js';
import { ModelLoadError } from '../../core/errors.js';
import { resolveModelPath } from './load-model.js';

const cacheDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'quorum-models-'));

describe('resolveModelPath', () => {
  it('resolves a local GGUF to its absolute path and names a missing one', async () => {
    expect(await resolveModelPath(path.relative(process.cwd(), MODELS.toyArith))).toBe(MODELS.toyArith);
    await expect(resolveModelPath('missing/model.gguf')).rejects.toThrow(/model file not found: .*missing\/model\.gguf/);
  });

  it('serves an hf: model already in the cache folder without touching the network', async () => {
    const dir = cacheDir();
    symlinkSync(MODELS.toyArith, path.join(dir, 'hf_quorum-test_toy-arith_toy-arith.gguf'));
    expect(await resolveModelPath('hf:quorum-test/toy-arith/toy-arith.gguf', { cacheDir: dir })).toBe(
      path.join(dir, 'hf_quorum-test_toy-arith_toy-arith.gguf'),
    );
  });

  // This machine has no network: the download must fail fast with advice, not retry for minutes.
  it.each([
    ['hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf', 'huggingface.co'],
    ['https://example.invalid/model.gguf', 'example.invalid'],
  ])('explains an unreachable download of %s and how to use a local file', async (ref, host) => {
    const error = await resolveModelPath(ref, { cacheDir: cacheDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toContain(`cannot download model "${ref}": ${host} is unreachable`);
    expect((error as Error).message).toContain('pass its local path instead (e.g. --model ./model.gguf)');
  });
});
