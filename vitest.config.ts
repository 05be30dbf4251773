import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = { '@': fileURLToPath(new URL('./src', import.meta.url)) };

/**
 * Four suites, run separately by scripts/test.mjs (each prints its own summary line):
 * unit (pure, beside the code), emulator (functions + emulator through the real SDK),
 * weapp (compiled weapp pages in miniprogram-simulate), browser (H5 build in Chromium).
 */
export default defineConfig({
  resolve: { alias },
  test: {
    // suites touching the emulator, the simulator or Chromium share 2 cores: one file at a time
    fileParallelism: false,
    projects: [
      {
        extends: true,
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'cloudfunctions/**/*.test.ts',
            'emulator/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        resolve: { alias },
        test: {
          name: 'emulator',
          include: ['tests/emulator/**/*.emulator.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        resolve: { alias },
        test: {
          name: 'weapp',
          include: ['tests/weapp/**/*.test.ts'],
          // the harness makes its own jsdom for the simulator; esbuild (function builds) needs node
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
