/** Jest on ESM TypeScript: ts-jest transpiles (tsc --noEmit type-checks separately). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import siblings as `./x.ts` (Node 24 runs them directly); ts-jest rewrites to `.js`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.(js|ts)$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.build/'],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/testkit/summary-reporter.cjs'],
  // A fresh TMPDIR for the run; the teardown fails the run on anything a test left in it.
  globalSetup: '<rootDir>/testkit/temp-dir-setup.js',
  globalTeardown: '<rootDir>/testkit/temp-dir-teardown.js',
};
