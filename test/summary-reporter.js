// Prints one plain closing line, "tests: N passed, N failed, N skipped", that any CI can read.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numFailedTestSuites: failedSuites } = results;
    const broken = results.testResults.filter((r) => r.testExecError).length;
    process.stdout.write(`\ntests: ${passed} passed, ${failed + broken} failed, ${skipped} skipped\n`);
    if (failedSuites && !failed && !broken) process.stdout.write(`(${failedSuites} suites failed to run)\n`);
  }
}
module.exports = SummaryReporter;
