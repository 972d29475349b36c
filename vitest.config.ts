import { defineConfig } from 'vitest/config';

/**
 * Layers, each runnable alone (see CONTRIBUTING.md):
 * - unit: pure modules and Preact components in happy-dom, IndexedDB from fake-indexeddb;
 * - node: the collector and the CLI against a real server on 127.0.0.1, a real SQLite file and a real PostgreSQL;
 * - browser: the built files in Debian's Chromium driven by playwright-core;
 * - types: the built declarations; examples: the React recipe apps built from the packed package, last.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/ui/**/*.test.{ts,tsx}', 'tests/architecture/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['tests/setup/unit.ts'],
          // Five times the slowest unit test on a quiet machine: CI shares two cores with other work.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'node',
          include: ['tests/collector/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/package/**/*.test.ts'],
          environment: 'node',
          // A real PostgreSQL for the PostgreSQL store: CP_TEST_PG_URL, or a throwaway cluster.
          globalSetup: ['tests/setup/postgres.ts'],
          // The export test measures live heap after forced collections.
          execArgv: ['--expose-gc'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'examples',
          // The README's React recipes (examples/), installed from the packed tarball and built: minutes of CPU,
          // so they run after every other project, never beside the tests that wait on a server's timers.
          include: ['tests/examples/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 1 },
          testTimeout: 20 * 60_000,
          hookTimeout: 5 * 60_000,
        },
      },
      {
        test: {
          name: 'types',
          // Type tests of the built declarations (tests/types/tsconfig.json resolves 'confidence-pulse' to dist/ under node16).
          include: [],
          typecheck: { enabled: true, only: true, include: ['tests/types/**/*.test-d.ts'], tsconfig: './tests/types/tsconfig.json' },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/chromium.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: two cores, and tests measure timing-sensitive behaviour.
          fileParallelism: false,
        },
      },
    ],
  },
});
