/**
 * `quorum/testing`: the conformance suites every quorum backend and strategy passes, for your own.
 * They are vitest suites (vitest is an optional peer dependency): call one at the top level of a
 * test file.
 */
export { runBackendConformance, type ConformanceOptions } from './backends/conformance.js';
export { conformanceSamples, runStrategyConformance, type StrategyConformanceOptions } from './strategies/conformance.js';
