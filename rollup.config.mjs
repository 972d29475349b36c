// @ts-check
/**
 * Three builds (see README "Build files"):
 * 1. dist/confidence-pulse.js: the script-tag file. IIFE, minified, the only file with effects.
 *    Budget 8 KB brotli: it must stay free of Preact and zod (checked by scripts/sizes.mjs).
 * 2. dist/confidence-pulse.ui.js: the UI chunk the script tag imports when a survey is about to show.
 *    ESM, minified, Preact + UI + the document validator inlined. Script tag + chunk: budget 20 KB brotli.
 *    dist/confidence-pulse.lean.js: the same without the validator, loaded instead when the collector validated the
 *    document; dist/confidence-pulse.debug.js: the debug console; dist/confidence-pulse.destinations.js: forwarding
 *    to Tag Manager, Segment and PostHog, loaded only when the `destinations` option names one. Built before the
 *    script tag, which names each chunk with their content hash (`confidence-pulse.ui.js?v=1a2b3c4d`, one hash for
 *    the four), so a release changes the chunks' URLs.
 * 3. dist/index.js (+ .d.ts), dist/cli.js: the npm package for bundlers and Node.
 *    ESM, dependencies external, not minified (the consumer's bundler minifies).
 * 4. packages/collector/dist/: the `confidence-pulse-collector` package, built from src/collector. index.js (+ .d.ts)
 *    and cli.js are ESM with the collector's dependencies external and the code it shares with the widget (the
 *    document checks, the statistics) inlined; widget/ holds a copy of the widget's files from 1 and 2, which the
 *    collector serves, so a collector always serves the widget of its own release.
 * 5. packages/collector/dist/report.js: the collector's report page script, Chart.js bundled in (nothing is read
 *    from node_modules at run time). IIFE, minified; served by the collector, never by a shop, so it has no budget.
 */
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import collectorPkg from './packages/collector/package.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { writeSchemas } from './scripts/writeSchemas.mjs';

/** Browser bundles must never pull in Node built-ins. */
const noNodeImports = {
  name: 'no-node-imports',
  /** @param {string} id */
  resolveId(id) {
    if (id.startsWith('node:') || builtinModules.includes(id)) throw new Error(`Node built-in "${id}" imported into a browser bundle`);
    return null;
  },
};

/**
 * TypeScript emits declaration imports without extensions (`from './pulse'`), which resolve under `bundler` but not
 * under `node16`/`nodenext`. This adds the extension the emitted file has, `./pulse.js` or `./ui/index.js`, so the
 * package's types work in both (checked by @arethetypeswrong/cli in tests/package).
 */
const declarationExtensions = {
  name: 'declaration-extensions',
  /** @param {unknown} _options @param {import('rollup').OutputBundle} bundle */
  generateBundle(_options, bundle) {
    const names = new Set(Object.keys(bundle));
    for (const file of Object.values(bundle)) {
      if (file.type !== 'asset' || !file.fileName.endsWith('.d.ts')) continue;
      const dir = file.fileName.split('/').slice(0, -1);
      file.source = String(file.source).replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*)(['"])/g, (whole, before, spec, after) => {
        const target = [...dir, ...spec.split('/')].reduce((parts, part) => (part === '..' ? parts.slice(0, -1) : part === '.' ? parts : [...parts, part]), /** @type {string[]} */ ([])).join('/');
        if (names.has(`${target}.d.ts`)) return `${before}${spec}.js${after}`;
        if (names.has(`${target}/index.d.ts`)) return `${before}${spec}/index.js${after}`;
        return whole;
      });
    }
  },
};

/**
 * TypeScript emits a declaration for every file of src/, but a package ships only those its entry's declaration
 * reaches (imports followed): the widget's types carry no collector file, and the collector's no widget UI.
 */
const keepDeclarationsOf = (/** @type {string} */ entry) => ({
  name: 'keep-declarations-of',
  /** @param {unknown} _options @param {import('rollup').OutputBundle} bundle */
  generateBundle(_options, bundle) {
    const reached = new Set();
    /** @param {string} fileName */
    const visit = (fileName) => {
      const file = bundle[fileName];
      if (reached.has(fileName) || file?.type !== 'asset') return;
      reached.add(fileName);
      for (const [, spec] of String(file.source).matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]*)\.js['"]/g)) {
        visit(posix.join(posix.dirname(fileName), `${spec}.d.ts`));
      }
    };
    visit(entry);
    for (const fileName of Object.keys(bundle)) if (fileName.endsWith('.d.ts') && !reached.has(fileName)) delete bundle[fileName];
  },
});

/**
 * `module` lets terser mangle top-level names of the ESM chunk; `pure_getters` drops unused property reads.
 * Properties starting with `_` are internal by the project's convention, including Preact's own `__k`, `__e`…, so they are
 * mangled to short names. Quoted keys are data and stay as written (the JSON Schema's `"__schema0"`).
 * Nothing crosses the script tag / UI chunk boundary under a `_` name, so each bundle can mangle alone. The report's
 * page script, which bundles Chart.js, mangles no property names (`mangleProperties` false).
 */
const minify = (module = false, mangleProperties = true) =>
  terser({
    ecma: 2020,
    module,
    toplevel: true,
    compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe_methods: true, inline: 1 },
    format: { comments: false },
    mangle: mangleProperties ? { properties: { regex: /^_/, keep_quoted: true } } : true,
  });

/** The lazy chunks, in the order they are built; the script tag names each by the hash of its content. */
const CHUNKS = { UI: ['src/widget/lazy.ts', 'dist/confidence-pulse.ui.js'], LEAN: ['src/widget/lazyLean.ts', 'dist/confidence-pulse.lean.js'], DEBUG: ['src/widget/debug/lazyDebug.ts', 'dist/confidence-pulse.debug.js'], DESTINATIONS: ['src/widget/destinations/forwardEvent.ts', 'dist/confidence-pulse.destinations.js'] };

/** Writes the built chunks' content hash (8 hex digits of SHA-256 over all four) where embed.ts says `__CP_CHUNKS_HASH__`. */
const chunkHashes = {
  name: 'chunk-hashes',
  /** @param {string} code @param {string} id */
  transform(code, id) {
    if (!id.endsWith('embed.ts')) return null;
    const hash = createHash('sha256');
    for (const [, file] of Object.values(CHUNKS)) hash.update(readFileSync(file));
    return code.replace('__CP_CHUNKS_HASH__', hash.digest('hex').slice(0, 8));
  },
};

/** Browser builds type-check once in `npm run typecheck`; here TS only strips types. */
const browserTs = (outDir = 'dist') => typescript({ tsconfig: './tsconfig.build.json', declaration: false, declarationDir: undefined, outDir, noEmitOnError: true });

/** The collector package's folder: its build goes to `${COLLECTOR}/dist`. */
const COLLECTOR = 'packages/collector';

/** A package's dependencies (and Node's built-ins) stay imports in its ESM build; everything else is inlined. */
const externalsOf = (/** @type {{ dependencies?: object, optionalDependencies?: object }} */ manifest) => {
  const external = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}), ...builtinModules];
  return (/** @type {string} */ id) => id.startsWith('node:') || external.some((dep) => id === dep || id.startsWith(`${dep}/`));
};

/** Copies the widget's built files (script tag, chunks, source maps) into the collector package, which serves them. */
const copyWidget = {
  name: 'copy-widget',
  writeBundle() {
    mkdirSync(`${COLLECTOR}/dist/widget`, { recursive: true });
    for (const file of readdirSync('dist').filter((f) => /^confidence-pulse(\.\w+)?\.js(\.map)?$/.test(f))) copyFileSync(`dist/${file}`, `${COLLECTOR}/dist/widget/${file}`);
  },
};

/** @type {import('rollup').RollupOptions[]} */
export default [
  // Node build first: it emits dist/schemas.js, from which the JSON Schemas the browser builds bundle are written.
  {
    input: { index: 'src/index.ts', cli: 'src/cli/main.ts', schemas: 'src/contract/generate/jsonSchemas.ts' },
    external: externalsOf(pkg),
    plugins: [typescript({ tsconfig: './tsconfig.build.json', noEmitOnError: true }), declarationExtensions, keepDeclarationsOf('index.d.ts'), { name: 'write-schemas', writeBundle: writeSchemas }],
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  ...Object.values(CHUNKS).map(([input, file]) => ({
    input,
    plugins: [noNodeImports, resolve({ browser: true }), browserTs(), minify(true)],
    output: { file, format: /** @type {const} */ ('es'), sourcemap: true, sourcemapIgnoreList: () => true },
  })),
  {
    input: 'src/widget/embed.ts',
    plugins: [noNodeImports, chunkHashes, resolve({ browser: true }), browserTs(), minify()],
    output: {
      file: 'dist/confidence-pulse.js',
      format: 'iife',
      sourcemap: true,
      // The host page's devtools skip our frames.
      sourcemapIgnoreList: () => true,
    },
  },
  // After the widget's builds: the collector copies their files.
  {
    input: { index: 'src/collector/index.ts', cli: 'src/collector/cli/main.ts' },
    external: externalsOf(collectorPkg),
    plugins: [
      typescript({ tsconfig: './tsconfig.build.json', outDir: `${COLLECTOR}/dist`, declarationDir: `${COLLECTOR}/dist`, noEmitOnError: true }),
      declarationExtensions,
      keepDeclarationsOf('collector/index.d.ts'),
      copyWidget,
    ],
    output: { dir: `${COLLECTOR}/dist`, format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  {
    input: 'src/collector/report/client/reportClient.ts',
    // Chart.js names its per-chart axis defaults `_index_` and `_value_` in object keys and looks them up by
    // quoted strings: mangling `_` properties broke its axes (extra axes, categories drawn as 0, 1, 2…).
    plugins: [noNodeImports, resolve({ browser: true }), browserTs(`${COLLECTOR}/dist`), minify(false, false)],
    output: { file: `${COLLECTOR}/dist/report.js`, format: 'iife', sourcemap: true },
  },
];
