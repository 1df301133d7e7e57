import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Writes this vitest run's counts to .vitest-results/<suite>.json; scripts/test.sh sums every
 * suite into the closing `N passed, N failed, N skipped` line CI reads.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[], unhandledErrors: readonly unknown[]): void {
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const testModule of testModules) {
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0)
        counts.failed += 1;
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    mkdirSync('.vitest-results', { recursive: true });
    writeFileSync(`.vitest-results/${process.env.VIGIL_SUITE ?? 'vitest'}.json`, JSON.stringify(counts));
  }
}
