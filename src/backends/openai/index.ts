export { createOpenAIBackend, type ForwardCall, type OpenAIBackend } from './openai-backend.js';
export type { OpenAIBackendOptions } from './options.js';
export type { NMode } from './n-support.js';
