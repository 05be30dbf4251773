/**
 * Four suites, run one at a time by scripts/test.mjs (each prints its own summary line):
 * unit (pure, beside the code), emulator (functions + emulator through the real SDK),
 * weapp (compiled weapp pages in miniprogram-simulate), browser (H5 build in Chromium).
 * TypeScript goes through @swc/jest; `@/` is src/, as in tsconfig.json and the bundles.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': swc },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'mjs', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  // ESM-only packages (no CommonJS build) go through the transformer too
  transformIgnorePatterns: ['/node_modules/(?!(@noble/hashes|@scure/base)/)'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

/** @type {import('jest').Config} */
module.exports = {
  // a test (and its beforeAll, which starts an emulator or builds) may take minutes on 2 busy cores
  testTimeout: 180_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/src/**/*.test.ts',
        '<rootDir>/cloudfunctions/**/*.test.ts',
        '<rootDir>/emulator/**/*.test.ts',
        '<rootDir>/scripts/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'emulator',
      testMatch: ['<rootDir>/tests/emulator/**/*.emulator.test.ts'],
    },
    {
      ...common,
      displayName: 'weapp',
      testMatch: ['<rootDir>/tests/weapp/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
    },
  ],
};
