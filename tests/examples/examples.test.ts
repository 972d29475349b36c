/**
 * The React recipes as apps (examples/): each is copied to a temporary folder, given the packed tarball in place
 * of the published package, installed (the npm cache first) and built by its own build script, as a developer
 * would. Vite's builds type-check first (`tsc --noEmit`), and Next.js's build type-checks itself, so the JSON
 * survey document is type-checked as `config` in all three. No timing is asserted: the limits only stop a hung
 * install or build.
 */
import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packTarball, ROOT } from '../package/installPacked';

const run = promisify(execFile);
const MINUTES = 60_000;
let packed: { tarball: string; dir: string };

beforeAll(() => {
  packed = packTarball();
}, 5 * MINUTES);

afterAll(() => {
  if (packed) rmSync(packed.dir, { recursive: true, force: true });
}, 5 * MINUTES);

/** Copies an example next to the tarball, points its `confidence-pulse` dependency at it, installs and builds. */
async function buildExample(name: string): Promise<string> {
  const app = join(packed.dir, name);
  cpSync(join(ROOT, 'examples', name), app, { recursive: true, filter: (source) => !/node_modules|[\\/]dist$|[\\/]\.next$/.test(source) });
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  expect(manifest.dependencies['confidence-pulse']).toBe('^0.1.0');
  manifest.dependencies['confidence-pulse'] = `file:${packed.tarball}`;
  writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  // Scripts stay off: the widget has none (tests/package/install.test.ts), and the apps' builds need none of their tools'.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: app, maxBuffer: 64 * 1024 * 1024 });
  try {
    // As from a developer's shell: not vitest's NODE_ENV=test.
    const { NODE_ENV: _, ...env } = process.env;
    await run('npm', ['run', 'build'], { cwd: app, maxBuffer: 64 * 1024 * 1024, env: { ...env, NEXT_TELEMETRY_DISABLED: '1', CI: '1' } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed in ${name}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
  return app;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The built JavaScript that contains `text`. */
const scriptsWith = (dir: string, text: string) => filesUnder(dir).filter((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes(text));

describe('the React recipes build from the packed package', () => {
  for (const name of ['react-vite', 'react-router']) {
    test(
      `${name}: Vite builds the app with the endpoint from .env and the survey UI in a chunk of its own`,
      async () => {
        const app = await buildExample(name);
        const dist = join(app, 'dist');
        // The endpoint comes from the example's .env, which the recipe tells the developer to create.
        const withEndpoint = scriptsWith(dist, 'http://127.0.0.1:8787/v1/events');
        expect(withEndpoint).toHaveLength(1);
        // The survey document is bundled with the app; the UI chunk (Preact) is a separate file, loaded on demand.
        expect(readFileSync(withEndpoint[0]!, 'utf8')).toContain('decision-confidence');
        const uiChunks = scriptsWith(dist, 'cp-slot').filter((f) => f !== withEndpoint[0]);
        expect(uiChunks.length).toBeGreaterThan(0);
      },
      20 * MINUTES,
    );
  }

  test(
    'next-app: Next.js (App Router) builds, type-checks the JSON document as config, and ships the widget in the client bundle',
    async () => {
      const app = await buildExample('next-app');
      const client = join(app, '.next', 'static');
      expect(scriptsWith(client, 'http://127.0.0.1:8787/v1/events').length).toBeGreaterThan(0);
      expect(scriptsWith(client, 'decision-confidence').length).toBeGreaterThan(0);
    },
    20 * MINUTES,
  );
});
