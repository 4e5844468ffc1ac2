/**
 * `quorum/llama`: the embedded backend, a GGUF model run in-process by llama.cpp. It needs the optional
 * peer dependency node-llama-cpp (`npm install node-llama-cpp`); without it, `createLlamaBackend`
 * rejects with a ModelLoadError that says so.
 */
export { createLlamaBackend, type LlamaBackend, type LlamaBackendOptions } from './backends/llama/llama-backend.js';
export type { DownloadProgress } from './backends/llama/load-model.js';
