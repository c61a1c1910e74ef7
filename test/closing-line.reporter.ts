import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the plain closing line `N passed, N failed, N skipped` that CI reads,
 * after vitest's own summary: failed tests, plus each file that failed without a failed
 * test (closing-line.reporter.test.ts). A run with failures or unhandled errors still
 * exits non-zero through vitest itself.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const mod of testModules) {
      let testsFailed = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') testsFailed += 1;
        else skipped += 1;
      }
      // A file that failed with no failed test (it did not load, or a hook such as beforeAll
      // threw and its tests were skipped) counts as one failure: "0 failed" would hide it.
      failed += mod.state() === 'failed' && testsFailed === 0 ? 1 : testsFailed;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
