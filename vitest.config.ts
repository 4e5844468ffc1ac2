import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores: live-model tests keep both busy; a third worker fills the time other files spend
    // waiting on servers, browsers and child processes.
    pool: 'forks',
    maxWorkers: 3,
    // A worker runs file after file in one process: the llama.cpp runtime and the modules load once per
    // worker, not once per file. No test changes globals it does not restore (cwd, env, timers, mocks).
    isolate: false,
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
