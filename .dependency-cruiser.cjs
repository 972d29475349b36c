/**
 * The architecture of src/ as rules (checked by tests/architecture/importGraph.test.ts; by hand with
 * `npx depcruise src --config .dependency-cruiser.cjs`):
 * - widget/ is the browser, collector/ the server; they meet only through contract/ (the event and document shapes,
 *   their JSON Schema, the validation messages), which imports neither;
 * - cli/ is the command line over all three; nothing in src/ imports it back;
 * - no circle of imports, counting `import type` (a circle of types is still a knot in the design).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files must not import each other in a loop, types included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'widget-not-to-collector',
      severity: 'error',
      comment: 'The browser code reaches the server only through contract/.',
      from: { path: '^src/widget/' },
      to: { path: '^src/collector/' },
    },
    {
      name: 'collector-not-to-widget',
      severity: 'error',
      comment: 'The server reaches the browser code only through contract/.',
      from: { path: '^src/collector/' },
      to: { path: '^src/widget/' },
    },
    {
      name: 'contract-imports-neither',
      severity: 'error',
      comment: 'The contract is shared by the widget, the collector and the CLI, so it depends on none of them.',
      from: { path: '^src/contract/' },
      to: { path: '^src/(widget|collector|cli)/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment:
        "The command line sits on top: the widget, the contract and the collector never import it; only the collector's own command line (collector/cli/) shares its plumbing (the command runner, usage errors, help, the version).",
      from: { path: '^src/(widget|contract|collector)/', pathNot: '^src/collector/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing would hide an edge from the rules above.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // `import type` counts: a type-only circle is still a circle.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    // Dynamic `import()` of the lazy chunks is an edge like any other.
    exoticRequireStrings: [],
  },
};
