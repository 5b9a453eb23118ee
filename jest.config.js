/** Jest runs TypeScript through ts-jest in transpile-only mode (isolatedModules):
 *  type errors are caught once by `npm run typecheck`, not per test file. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/data/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 30000,
  // Real HTTP servers and SQLite files per test file: keep the 2-core CI machine unsaturated.
  maxWorkers: 2,
  setupFiles: ['<rootDir>/tests/support/setupEnv.js'],
  reporters: ['default', '<rootDir>/tests/support/summaryReporter.js'],
};
