import { defineConfig } from 'vitest/config';

/**
 * tests/ mirrors src/ (tests/widget, tests/contract, tests/collector, tests/cli); the projects split by environment.
 * Layers, each runnable alone (see CONTRIBUTING.md):
 * - unit: the widget's and the contract's modules and Preact components in happy-dom (IndexedDB from fake-indexeddb),
 *   the collector's parts that need no server (files named `*.unit.test.ts` under tests/collector), and the import-graph check;
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
          include: ['tests/widget/**/*.test.{ts,tsx}', 'tests/contract/**/*.test.ts', 'tests/collector/**/*.unit.test.ts', 'tests/importGraph.test.ts', 'tests/docs/**/*.test.ts'],
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
          // The collector's parts that need no server run in the unit project.
          exclude: ['tests/collector/**/*.unit.test.ts'],
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
          // The React recipes of docs/recipes.md (examples/), installed from the packed tarball and built: minutes of CPU,
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
          // expect.poll waits 1 s by default: a loaded machine's IndexedDB and network need longer.
          expect: { poll: { timeout: 15_000 } },
          // One Chromium at a time: two cores, and tests measure timing-sensitive behaviour.
          fileParallelism: false,
        },
      },
    ],
  },
});
