/**
 * Finds a GGUF (local path, `hf:` URI or https URL, downloading remote ones into a cache folder) and
 * loads it on the CPU with the prebuilt llama.cpp binary. One Llama instance is shared per process.
 * node-llama-cpp is an optional peer dependency, imported on first use: users of a server never load it.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Llama, LlamaModel } from 'node-llama-cpp';
import { ModelLoadError } from '../../core/errors.js';

type NodeLlamaCpp = typeof import('node-llama-cpp');

let binding: Promise<NodeLlamaCpp> | undefined;
let loaded: NodeLlamaCpp | undefined;
let sharedLlama: Promise<Llama> | undefined;

export const NODE_LLAMA_CPP_MISSING =
  'the embedded model needs node-llama-cpp, an optional peer dependency of quorum that is not installed: run "npm install node-llama-cpp", or use an OpenAI-compatible server instead (--base-url, createOpenAIBackend)';

const isMissingPackage = (cause: unknown): boolean =>
  (cause as { code?: unknown } | undefined)?.code === 'ERR_MODULE_NOT_FOUND' && String((cause as Error).message).includes("'node-llama-cpp'");

/** node-llama-cpp itself, imported once; a ModelLoadError naming the install command when it is missing. */
export function nodeLlamaCpp(): Promise<NodeLlamaCpp> {
  binding ??= import('node-llama-cpp').then(
    (module) => (loaded = module),
    (cause: unknown) => {
      binding = undefined;
      throw new ModelLoadError(isMissingPackage(cause) ? NODE_LLAMA_CPP_MISSING : `could not import node-llama-cpp: ${String(cause)}`, { cause });
    },
  );
  return binding;
}

/** The module already imported by nodeLlamaCpp(): every LlamaModel was made through it, so code handed a model may use it. */
export function loadedNodeLlamaCpp(): NodeLlamaCpp {
  if (loaded === undefined) throw new ModelLoadError('node-llama-cpp is not loaded yet; create the backend with createLlamaBackend()');
  return loaded;
}

/**
 * The process-wide llama.cpp binding: CPU only (`gpu: false` skips probing for CUDA, Vulkan or Metal),
 * never builds or downloads a binary. Most of its time is node-llama-cpp testing its prebuilt binary
 * in a child process, which it always does on Linux.
 */
export function sharedLlamaInstance(): Promise<Llama> {
  sharedLlama ??= nodeLlamaCpp()
    .then(({ getLlama, LlamaLogLevel }) =>
      getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error }).catch((cause: unknown) => {
        throw new ModelLoadError(`could not start llama.cpp (node-llama-cpp's prebuilt CPU binary): ${String(cause)}`, { cause });
      }),
    )
    .catch((error: unknown) => {
      sharedLlama = undefined;
      throw error;
    });
  return sharedLlama;
}

export const defaultModelCacheDir = (): string => path.join(os.homedir(), '.cache', 'quorum', 'models');

const isRemote = (ref: string): boolean => /^(hf:|huggingface:|https?:\/\/)/i.test(ref);

export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
}

export interface ResolveModelOptions {
  cacheDir?: string;
  /** Called while a remote model downloads; without it node-llama-cpp draws its own progress bar. */
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** A local file path for `ref`, downloading a remote model into `cacheDir` the first time. */
export async function resolveModelPath(ref: string, options: ResolveModelOptions = {}): Promise<string> {
  if (!isRemote(ref)) {
    const file = path.resolve(ref);
    if (!existsSync(file)) {
      throw new ModelLoadError(`model file not found: ${file}. Pass the path of a .gguf file, or an hf:user/repo/file.gguf URI.`);
    }
    return file;
  }
  const directory = options.cacheDir ?? defaultModelCacheDir();
  const { resolveModelFile } = await nodeLlamaCpp();
  const cached = await resolveModelFile(ref, { directory, download: false, cli: false }).catch(() => undefined);
  if (cached !== undefined) return cached;
  const advice =
    'If this machine has no network access, download the .gguf file elsewhere and pass its local path instead (e.g. --model ./model.gguf).';
  // node-llama-cpp retries a failing download for minutes; one quick probe makes an offline machine fail in seconds.
  const host = remoteHost(ref);
  try {
    await fetch(`https://${host}/`, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
  } catch (cause) {
    throw new ModelLoadError(`cannot download model "${ref}": ${host} is unreachable (${networkReason(cause)}). ${advice}`, { cause });
  }
  const { onProgress, signal } = options;
  try {
    return await resolveModelFile(ref, {
      directory,
      cli: onProgress === undefined,
      ...(onProgress && {
        onProgress: ({ downloadedSize, totalSize }) => onProgress({ downloadedBytes: downloadedSize, totalBytes: totalSize }),
      }),
      ...(signal && { signal }),
    });
  } catch (cause) {
    throw new ModelLoadError(`could not download model "${ref}" into ${directory}: ${networkReason(cause)}. ${advice}`, { cause });
  }
}

const remoteHost = (ref: string): string => (/^https?:\/\//i.test(ref) ? new URL(ref).host : 'huggingface.co');

function networkReason(cause: unknown): string {
  const code = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : String(cause);
}

export async function loadModel(modelPath: string): Promise<LlamaModel> {
  const llama = await sharedLlamaInstance();
  try {
    return await llama.loadModel({ modelPath });
  } catch (cause) {
    throw new ModelLoadError(`could not load ${modelPath} as a GGUF model: ${String(cause)}`, { cause });
  }
}
