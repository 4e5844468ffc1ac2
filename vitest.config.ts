import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores: live-model tests load native llama.cpp contexts, so keep workers few.
    pool: 'forks',
    maxWorkers: 2,
    // A worker runs file after file in one process: the llama.cpp runtime and the modules load once per
    // worker, not once per file. No test changes globals it does not restore (cwd, env, timers, mocks).
    isolate: false,
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
