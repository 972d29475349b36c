/**
 * What installing the packed packages costs a user: the widget `confidence-pulse` installs into an empty project
 * with no server dependency, no install script and no warning, and the collector `confidence-pulse-collector`
 * installs beside it without an engine warning on Node 20. Both packages' declarations type-check with
 * `skipLibCheck: false`, in a project that has nothing but what the install brought (and @types/node for the server).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, test } from 'vitest';
import { COLLECTOR_ROOT, emptyProject, installedPackages, npmInstall, packTarball, ROOT, type InstallRun } from './installPacked';

/** The server's packages: none may reach a front-end install. */
const SERVER_PACKAGES = ['fastify', 'chart.js', 'pg', 'better-sqlite3', 'chokidar', 'light-my-request', 'confidence-pulse-collector'];
/** A full type-check of every declaration: about 20 s of CPU for the collector's (fastify's, Node's); five times that and more. */
const TSC_TIMEOUT = 180_000;
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, any>;

/** Type-checks a file in the project with every library's declarations checked too, as a strict user's project does. */
function typecheck(project: string, source: string, types: string[]): string {
  writeFileSync(join(project, 'check.ts'), source);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], strict: true, noEmit: true, skipLibCheck: false, types },
      files: ['check.ts'],
    }),
  );
  try {
    return execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

/** The packages whose manifest has an install-time script: npm runs those on `npm install`. */
function withInstallScripts(project: string, packages: string[]): string[] {
  return packages.filter((name) => {
    const scripts = manifest(join(project, 'node_modules', name)).scripts ?? {};
    return ['preinstall', 'install', 'postinstall'].some((hook) => hook in scripts) || existsSync(join(project, 'node_modules', name, 'binding.gyp'));
  });
}

describe('the widget package installed alone, into an empty project', () => {
  let project: string;
  let run: InstallRun;
  let packages: string[];
  beforeAll(() => {
    project = emptyProject();
    run = npmInstall(project, [packTarball().tarball]);
    packages = installedPackages(project);
  }, 180_000);

  test('installs, with no warning at all (no EBADENGINE on this Node, no install-script notice)', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/npm warn/i);
    expect(run.stdout).not.toMatch(/npm warn/i);
  });

  test('installs the widget and its runtime dependencies, and nothing of the server', () => {
    const expected = ['confidence-pulse', ...Object.keys(manifest(ROOT).dependencies)].sort();
    expect([...packages].sort()).toEqual(expected);
    for (const name of SERVER_PACKAGES) expect(packages).not.toContain(name);
    console.info(`widget install: ${packages.length} packages (${packages.join(', ')})`);
  });

  test('runs no install script and builds nothing native', () => {
    expect(withInstallScripts(project, packages)).toEqual([]);
    expect(run.stdout).not.toMatch(/^> .*(preinstall|install|postinstall)$/m);
  });

  test('its declarations type-check with skipLibCheck: false and no @types package', () => {
    const source = [
      "import { createPulse, defineSurvey, formatIssue, validateConfig, type PulseOptions } from 'confidence-pulse';",
      'const options: PulseOptions = { endpoint: "/v1/events" };',
      'const doc = defineSurvey({ version: 1, pages: {}, surveys: [] });',
      'const checked = validateConfig(doc);',
      'if (!checked.success) console.log(checked.issues.map(formatIssue));',
      'createPulse(options).destroy();',
    ].join('\n');
    expect(typecheck(project, source, [])).toBe('');
  }, TSC_TIMEOUT);
});

describe('the collector package installed beside the widget', () => {
  let project: string;
  let run: InstallRun;
  let packages: string[];
  let tarball: string;
  beforeAll(() => {
    project = emptyProject();
    tarball = packTarball(COLLECTOR_ROOT).tarball;
    // The drivers are optional dependencies: left out here, as a PostgreSQL user would, to keep the test off a native build.
    run = npmInstall(project, [packTarball().tarball, tarball, '@types/node@20', '--omit=optional']);
    packages = installedPackages(project);
  }, 300_000);

  test('its tarball passes publint (strict, suggestions included) and @arethetypeswrong/cli under node16 and bundler', async () => {
    const data = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer },
      level: 'suggestion',
      strict: true,
    });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
    const report = JSON.parse(execFileSync(join(ROOT, 'node_modules', '.bin', 'attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], { encoding: 'utf8' }));
    const resolution = report.analysis.entrypoints['.'].resolutions['node16-esm'].resolution;
    expect(resolution.fileName).toMatch(/\/dist\/collector\/index\.d\.ts$/);
    // ESM only, as the widget: a CommonJS require() is not supported, so only these two resolutions count.
    expect(Object.values(report.problems ?? {}).flat().filter((p: any) => ['node16-esm', 'bundler'].includes(p.resolutionKind))).toEqual([]);
  }, TSC_TIMEOUT);

  test('is released with the widget: the same version, and the widget accepts it as its collector', () => {
    const collector = manifest(COLLECTOR_ROOT);
    expect(collector.version).toBe(manifest(ROOT).version);
    expect(manifest(ROOT).peerDependencies).toEqual({ 'confidence-pulse-collector': collector.version });
  });

  test('installs with no warning: no EBADENGINE on Node 20 (the cookie@2 under fastify is avoided)', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/npm warn/i);
    expect(packages).toContain('fastify');
    const engines = packages.map((name) => [name, manifest(join(project, 'node_modules', name)).engines?.node] as const).filter(([, range]) => range);
    const tooNew = engines.filter(([, range]) => /^>=\s*(2[2-9]|[3-9]\d)/.test(range));
    expect(tooNew).toEqual([]);
    console.info(`collector install (without the optional drivers): ${packages.length} packages`);
  });

  test('its bin starts: `confidence-pulse-collector --version` prints the version', () => {
    const bin = join(project, 'node_modules', '.bin', 'confidence-pulse-collector');
    expect(execFileSync(bin, ['--version'], { cwd: project, encoding: 'utf8' })).toBe(`${manifest(COLLECTOR_ROOT).version}\n`);
  });

  test('its declarations type-check with skipLibCheck: false, without the drivers\' @types packages', () => {
    expect(packages).not.toContain('@types/pg');
    expect(packages).not.toContain('@types/better-sqlite3');
    const source = [
      "import { createCollector, openPostgresStore, openSqliteStore, openStore, publishSurveys, startCollector, type EventStore, type RunningCollector, type StartCollectorOptions } from 'confidence-pulse-collector';",
      "import { validateConfig } from 'confidence-pulse';",
      'const options: StartCollectorOptions = { port: 0, db: ":memory:" };',
      'export async function run(): Promise<RunningCollector> { return startCollector(options); }',
      'export const open: (path: string) => EventStore = (path) => openSqliteStore(path);',
      'export { createCollector, openPostgresStore, openStore, publishSurveys, validateConfig };',
    ].join('\n');
    expect(typecheck(project, source, ['node'])).toBe('');
  }, TSC_TIMEOUT);
});
