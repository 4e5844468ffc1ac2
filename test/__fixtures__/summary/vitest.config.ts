// Runs the fixture suites of summary-reporter.test.ts on their own, closed by the real reporter.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['*.fixture.ts'],
    reporters: [fileURLToPath(new URL('../../summary-reporter.ts', import.meta.url))],
    pool: 'forks',
    maxWorkers: 1,
  },
});
