/**
 * Tests run through SWC (no type-checking); `npm run typecheck` is the type gate. One worker per
 * core: jest's default keeps one core for itself, which on two cores means no parallelism at all.
 */
module.exports = {
  // Node.js's, compiling modules so V8 reuses its work across test files on Node.js 20 (see the file).
  testEnvironment: '<rootDir>/clusters/test/support/test-environment.ts',
  maxWorkers: '100%',
  roots: ['<rootDir>/clusters', '<rootDir>/platform', '<rootDir>/workloads', '<rootDir>/charts'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
  // Beside the project's other caches, not in the temporary directory: a run started with another
  // TMPDIR (temp-files.suite.ts) reuses the compiled files too. Deleting it is always safe.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // One temporary folder per run, removed at its end: no synthesis outlives the tests.
  globalSetup: '<rootDir>/clusters/test/support/temp-root-setup.ts',
  globalTeardown: '<rootDir>/clusters/test/support/temp-root-teardown.ts',
};
