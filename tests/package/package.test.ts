/**
 * The npm package as users get it: the packed tarball linted by publint and @arethetypeswrong/cli, installed
 * into a temporary project and imported by plain Node with no `window` (server-side rendering), its public
 * exports pinned, its dependencies kept external, and a JSDoc comment on every export of its types.
 * (tests/browser/npmPackage.test.ts bundles the same install with Rollup and runs it in Chromium.)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkShape } from '../../src/contract/validation/checkShape';
import { formatIssue } from '../../src/contract/validation/issue';
import { COLLECTOR_ROOT, installPacked, ROOT, type Packed } from './installPacked';

let packed: Packed;
beforeAll(() => {
  packed = installPacked();
}, 120_000);

/** The script-tag files are for `<script src>` and copying, not for import: they have no types on purpose. */
const SCRIPT_FILES = ['./confidence-pulse.js', './confidence-pulse.ui.js'];

describe('lint of the packed tarball', () => {
  test('publint (strict, suggestions included) finds nothing', async () => {
    const data = readFileSync(packed.tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer },
      level: 'suggestion',
      strict: true,
    });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
  });

  test('@arethetypeswrong/cli: every entry point resolves to its types under node16 (ESM) and bundler', () => {
    const bin = join(ROOT, 'node_modules', '.bin', 'attw');
    const args = [packed.tarball, '--profile', 'esm-only', '--exclude-entrypoints', ...SCRIPT_FILES];
    // The CLI's own verdict for the profile: exit 0.
    execFileSync(bin, args, { encoding: 'utf8' });
    const report = JSON.parse(execFileSync(bin, [...args, '--format', 'json'], { encoding: 'utf8' }).toString());
    const problems = Object.values(report.problems ?? {})
      .flat()
      .filter((p: any) => ['node16-esm', 'bundler'].includes(p.resolutionKind));
    expect(problems).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(['.', './events.schema.json', './package.json', './survey.schema.json']);
    for (const entry of ['.']) {
      for (const kind of ['node16-esm', 'bundler']) {
        const resolution = report.analysis.entrypoints[entry].resolutions[kind].resolution;
        expect(resolution.fileName, `${entry} under ${kind}`).toMatch(/\.d\.ts$/);
        expect(resolution.isTypeScript).toBe(true);
      }
    }
  });

  test('ships the built files, and only those', () => {
    const files = execFileSync('tar', ['-tzf', packed.tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/confidence-pulse.js', 'dist/confidence-pulse.ui.js', 'dist/survey.schema.json', 'dist/events.schema.json', 'bin/confidence-pulse.js', 'demo/surveys/decision-confidence.json', 'README.md', 'package.json']) {
      expect(files).toContain(`package/${file}`);
    }
    // No collector: its code, its report script and its declarations are the collector package's.
    expect(files.filter((f) => /collector|report\.js/.test(f))).toEqual([]);
    expect(files.filter((f) => /^package\/(src|tests|scripts|packages)\/|^package\/demo\/(?!startDemo\.mjs$|pages\.mjs$|public\/|surveys\/[\w-]+\.json$)/.test(f))).toEqual([]);
  });
});

describe('in Node without a window (server-side rendering)', () => {
  const run = (code: string) =>
    JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: packed.project, encoding: 'utf8' }));

  test('importing has no side effects and touches no browser global; createPulse returns an inert instance', () => {
    const result = run(`
      const before = Object.keys(globalThis).sort();
      const api = await import('confidence-pulse');
      const added = Object.keys(globalThis).sort().filter((k) => !before.includes(k));
      const pulse = api.createPulse({ endpoint: '/v1/events', consent: 'required' });
      pulse.page('category'); pulse.track('compare', { count: 2 }); pulse.outcome('purchase', { value: 1 }); pulse.consent(true);
      const off = pulse.on('answer', () => {}); off();
      await pulse.flush();
      const shown = await pulse.show('any');
      const stats = await pulse.stats();
      pulse.destroy();
      const valid = api.validateConfig({ version: 1, pages: {}, surveys: [] });
      const invalid = api.validateConfig({ version: 2 });
      console.log(JSON.stringify({ keys: Object.keys(api).sort(), added, window: typeof window, shown, stats, valid: valid.success,
        firstIssue: invalid.success ? null : api.formatIssue(invalid.issues[0]) }));
    `);
    expect(result).toEqual({
      keys: ['createPulse', 'defineSurvey', 'formatIssue', 'validateConfig'],
      added: [],
      window: 'undefined',
      shown: false,
      stats: { sent: 0, retried: 0, dropped: {}, storage: 'memory', queued: 0, paused: false },
      valid: true,
      firstIssue: expect.stringContaining('version'),
    });
  });

  test('the script-tag files and the schemas can be located through the exports map, for copying', () => {
    const result = run(`
      console.log(JSON.stringify(['confidence-pulse/confidence-pulse.js', 'confidence-pulse/confidence-pulse.ui.js', 'confidence-pulse/survey.schema.json', 'confidence-pulse/events.schema.json']
        .map((s) => new URL(import.meta.resolve(s)).pathname.split('/node_modules/confidence-pulse/')[1])));
    `);
    expect(result).toEqual(['dist/confidence-pulse.js', 'dist/confidence-pulse.ui.js', 'dist/survey.schema.json', 'dist/events.schema.json']);
  });
});

describe('the public surface', () => {
  test('runtime exports are pinned', async () => {
    const api = await import(join(packed.installed, 'dist', 'index.js'));
    expect(Object.keys(api).sort()).toEqual(['createPulse', 'defineSurvey', 'formatIssue', 'validateConfig']);
  });

  test('the ESM build keeps preact, zod and idb-keyval external: imported by name, never bundled', () => {
    /** Every file an entry loads (static and dynamic imports), and the package names they import. */
    const load = (dist: string, entry: string) => {
      const files = new Set<string>();
      const packages = new Set<string>();
      const visit = (file: string) => {
        if (files.has(file)) return;
        files.add(file);
        const code = readFileSync(file, 'utf8');
        const specs = [...code.matchAll(/^\s*(?:import|export)\b[^;]*?from\s*['"]([^'"]+)['"]/gm), ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)];
        for (const [, spec] of specs) spec!.startsWith('.') ? visit(join(file, '..', spec!)) : packages.add(spec!);
      };
      visit(join(dist, entry));
      return { code: [...files].map((f) => readFileSync(f, 'utf8')).join('\n'), packages: [...packages].sort(), files: [...files].map((f) => relative(dist, f)) };
    };
    const browser = load(join(packed.installed, 'dist'), 'index.js');
    expect(browser.packages).toEqual(['idb-keyval', 'preact', 'preact/jsx-runtime']);
    // The survey UI is a separate chunk, loaded on demand.
    expect(browser.files.some((f) => f.startsWith('chunks/lazy-'))).toBe(true);
    // The collector package's build, which imports its dependencies by name too.
    const collector = load(join(COLLECTOR_ROOT, 'dist'), 'index.js');
    expect(collector.packages).toEqual(expect.arrayContaining(['fastify', 'zod/mini', 'chokidar']));
    expect(collector.packages).not.toContain('confidence-pulse');
    // Markers of each library's own source: none may be inlined.
    for (const marker of ['__preactattr_', 'promisifyRequest(request)', '$ZodType', 'ZodError']) {
      expect(browser.code).not.toContain(marker);
      expect(collector.code).not.toContain(marker);
    }
  });

  test('every export of the types has a JSDoc comment', () => {
    const entry = join(packed.installed, 'dist', 'index.d.ts');
    const program = ts.createProgram([entry], { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, strict: true, noEmit: true, skipLibCheck: true });
    const checker = program.getTypeChecker();
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    const exports = checker.getExportsOfModule(module);
    const undocumented = exports
      .map((symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol))
      .filter((symbol) => !ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim())
      .map((symbol) => symbol.name);
    expect(exports.length).toBeGreaterThan(15);
    expect(undocumented).toEqual([]);
  });

  test("a document's field descriptions reach the editor: hover shows them, in code and through PulseOptions", () => {
    const file = join(packed.project, 'hover.ts');
    const source = [
      "import { createPulse, defineSurvey } from 'confidence-pulse';",
      'defineSurvey({ version: 1, pages: {}, surveys: [{ id: "s", version: 1, pages: [], trigger: { scrollDepth: 0.5 }, sample: 0.2, questions: [] }] });',
      'createPulse({ endpoint: "/e", config: { version: 1, pages: {}, recordPageViews: true, surveys: [] } });',
    ].join('\n');
    writeFileSync(file, source);
    const options: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, strict: true, noEmit: true, skipLibCheck: true };
    const service = ts.createLanguageService({
      getScriptFileNames: () => [file],
      getScriptVersion: () => '1',
      getScriptSnapshot: (name) => (existsSync(name) ? ts.ScriptSnapshot.fromString(readFileSync(name, 'utf8')) : undefined),
      getCurrentDirectory: () => packed.project,
      getCompilationSettings: () => options,
      getDefaultLibFileName: ts.getDefaultLibFilePath,
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    });
    expect(service.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    const hover = (word: string) => {
      const info = service.getQuickInfoAtPosition(file, source.indexOf(word) + 1);
      return [ts.displayPartsToString(info?.documentation), ...(info?.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`)].join('\n');
    };
    // The same words as the JSON Schema's descriptions, and the defaults.
    const schema = JSON.parse(readFileSync(join(packed.installed, 'dist', 'survey.schema.json'), 'utf8'));
    expect(hover('sample')).toBe(`${schema.$defs.survey.properties.sample.description}\n@default 1`);
    expect(hover('scrollDepth')).toBe(schema.$defs.trigger.properties.scrollDepth.description);
    expect(hover('recordPageViews')).toBe(`${schema.properties.recordPageViews.description}\n@default false`);
  });

  test("the example documents' $schema resolves once copied into a project, and they validate there", () => {
    const examples = readdirSync(join(ROOT, 'demo', 'surveys')).filter((f) => f.endsWith('.json'));
    expect(examples.length).toBeGreaterThan(5);
    const cli = join(packed.installed, 'bin', 'confidence-pulse.js');
    for (const example of examples) {
      // Copied to the project's root, as the README says.
      const copy = join(packed.project, example);
      copyFileSync(join(ROOT, 'demo', 'surveys', example), copy);
      const doc = JSON.parse(readFileSync(copy, 'utf8'));
      const schemaFile = resolve(packed.project, doc.$schema);
      expect(existsSync(schemaFile), `${example}: ${doc.$schema}`).toBe(true);
      // The schema the editor reads accepts the document, and so does the installed CLI.
      expect(checkShape(JSON.parse(readFileSync(schemaFile, 'utf8')), doc).map(formatIssue), example).toEqual([]);
      expect(execFileSync(process.execPath, [cli, 'validate', example], { cwd: packed.project, encoding: 'utf8' })).toMatch(new RegExp(`^${example}: ok`));
    }
  });
});
