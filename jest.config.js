/* Unit tests (pure, no services) and integration/e2e tests (real MariaDB, Redis, BullMQ). */
const moduleNameMapper = {
  '^@duban/(domain|persistence|config|queue|platform|core)$': '<rootDir>/libs/$1/src',
  '^@duban/(domain|persistence|config|queue|platform|core)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = {
  // Type checking is `npm run typecheck`; tests only transpile.
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
};
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', moduleNameMapper, transform };

module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
