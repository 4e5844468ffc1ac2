import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `Tests: N passed, N failed[, N skipped]`, that CI can read
 * whatever the terminal's colours. A file that failed outside its tests (a throwing beforeAll, an
 * import error) and an error outside any test count as failures too, and the line says so: a
 * closing line must never read "0 failed" for a run vitest failed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let brokenFiles = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') failedHere += 1;
        else counts.skipped += 1;
      }
      counts.failed += failedHere;
      if (failedHere === 0 && module.state() === 'failed') brokenFiles += 1;
    }
    const outside = unhandledErrors.length;
    const failed = counts.failed + brokenFiles + outside;
    const detail =
      brokenFiles + outside > 0
        ? ` (${counts.failed} tests, ${brokenFiles} ${brokenFiles === 1 ? 'file failed outside its tests' : 'files failed outside their tests'}, ${outside} ${outside === 1 ? 'error' : 'errors'} outside tests)`
        : '';
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    process.stdout.write(`\nTests: ${counts.passed} passed, ${failed} failed${detail}${skipped}\n`);
  }
}
