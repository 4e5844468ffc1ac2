/**
 * `quorum/ai-sdk`: test-time scaling for the AI SDK. Wrap any language model with
 * `wrapLanguageModel({ model, middleware: quorumMiddleware({ strategy, maxSamples, stop, answer }) })`
 * and `generateText`/`streamText` answer by vote, with the decision in `providerMetadata.quorum`.
 * Needs the optional peer dependency `ai` (v6).
 */
export { quorumMiddleware, type QuorumMiddlewareOptions } from './ai-sdk/quorum-middleware.js';
