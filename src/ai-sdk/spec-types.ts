/** The AI SDK language-model spec types this adapter speaks, read off `ai`'s middleware type so only `ai` is needed. */
import type { LanguageModelMiddleware } from 'ai';

type WrapGenerate = NonNullable<LanguageModelMiddleware['wrapGenerate']>;
export type WrapGenerateOptions = Parameters<WrapGenerate>[0];
export type CallOptions = WrapGenerateOptions['params'];
export type LanguageModel = WrapGenerateOptions['model'];
export type GenerateResult = Awaited<ReturnType<WrapGenerate>>;
export type SpecPrompt = CallOptions['prompt'];
export type { LanguageModelMiddleware };
