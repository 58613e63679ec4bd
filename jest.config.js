// One jest run for the whole workspace: unit tests beside the code, integration tests on real
// PostgreSQL per service, end-to-end tests through the gateway over HTTP.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  // jose is ESM-only: swc compiles it to CommonJS for jest's module runtime.
  transform: { '^.+\\.ts$': swc, 'node_modules/.+/jose/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/jose@[^/]+/node_modules/)?jose/)'],
  moduleNameMapper: { '^@funds/(money|auth|config|db-kit|graphql-kit|testing|events)$': '<rootDir>/packages/$1/src/index.ts' },
  testEnvironment: 'node',
};
module.exports = {
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  maxWorkers: process.env.JEST_WORKERS ?? 2,
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      // schema/test: the composition check (subgraphs printed from code, no database); apps/*: the dashboard's pure logic.
      testMatch: [
        '<rootDir>/{packages,services,gateway}/**/src/**/*.spec.ts',
        '<rootDir>/apps/*/src/**/*.spec.ts',
        '<rootDir>/schema/test/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/services/*/test/**/*.test.ts', '<rootDir>/packages/*/test/**/*.test.ts'],
      testTimeout: 30000,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts', '<rootDir>/gateway/test/**/*.test.ts'],
      testTimeout: 60000,
    },
  ],
};
