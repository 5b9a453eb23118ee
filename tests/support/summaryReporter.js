/**
 * Prints one plain closing line, "N passed, N failed" (", N skipped" when any), after Jest's
 * own summary, so CI systems that read a run's last line see the count.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const suitesFailed = results.numFailedTestSuites > 0 && results.numFailedTests === 0 ? results.numFailedTestSuites : 0;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests + suitesFailed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;
