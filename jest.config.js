/** Tests run through SWC (no type-checking); `npm run typecheck` is the type gate. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/clusters', '<rootDir>/platform', '<rootDir>/workloads', '<rootDir>/charts'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
  // One temporary folder per run, removed at its end: no synthesis outlives the tests.
  globalSetup: '<rootDir>/clusters/test/support/temp-root-setup.ts',
  globalTeardown: '<rootDir>/clusters/test/support/temp-root-teardown.ts',
};
