/**
 * Tests run through SWC (no type-checking); `npm run typecheck` is the type gate. One worker per
 * core: jest's default keeps one core for itself, which on two cores means no parallelism at all.
 */
module.exports = {
  testEnvironment: 'node',
  maxWorkers: '100%',
  roots: ['<rootDir>/clusters', '<rootDir>/platform', '<rootDir>/workloads', '<rootDir>/charts'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
};
