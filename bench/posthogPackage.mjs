// The posthog-js release the comparison runs against, fetched on demand into bench/.cache/ (gitignored): it is
// not a dependency of the project. `npm pack` downloads the tarball through the ordinary npm client; its sha512
// must match both the integrity pinned here and the registry's answer, or nothing is extracted.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned release: change both fields together (`npm view posthog-js@VERSION dist.integrity`). */
export const POSTHOG_JS = {
  version: '1.449.2',
  integrity: 'sha512-vji+h92IHaLlFSEnRH1hwe8uLWGOdDUImmPXexj/+V7Xm7HTxIQisYE/Kom7Aaw4DRpzfdhQxiyAN1YVYR4G8Q==',
};

/** The cache folder of the benchmarks' downloads (in .gitignore). */
export const BENCH_CACHE = fileURLToPath(new URL('.cache/', import.meta.url));

/** The folder the pinned release is extracted to; its `package/dist` holds the browser bundles. */
export const posthogDir = (cache = BENCH_CACHE) => join(cache, `posthog-js-${POSTHOG_JS.version}`);

/** The marker written once the tarball was verified and extracted. */
const VERIFIED = 'verified-integrity.txt';

/** sha512 of a file in npm's integrity notation. */
const integrityOf = (file) => `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;

/** True when the pinned release is already extracted and verified in the cache (no network needed). */
export const isPosthogCached = (cache = BENCH_CACHE) => {
  const dir = posthogDir(cache);
  return existsSync(join(dir, VERIFIED)) && readFileSync(join(dir, VERIFIED), 'utf8').trim() === POSTHOG_JS.integrity && existsSync(join(dir, 'package/dist/array.js'));
};

/**
 * Returns the `dist` folder of the pinned posthog-js, downloading and verifying it first when the cache lacks it.
 * Throws, leaving nothing extracted, when the registry's integrity or the tarball's differs from the pinned one.
 */
export function ensurePosthog({ cache = BENCH_CACHE, log = console.error } = {}) {
  const dir = posthogDir(cache);
  const dist = join(dir, 'package/dist');
  if (isPosthogCached(cache)) return dist;
  const spec = `posthog-js@${POSTHOG_JS.version}`;
  const npm = (args) => execFileSync('npm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const registryIntegrity = npm(['view', spec, 'dist.integrity']);
  if (registryIntegrity !== POSTHOG_JS.integrity) throw new Error(`${spec}: the registry says ${registryIntegrity}, pinned ${POSTHOG_JS.integrity}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`bench: fetching ${spec} into ${dir}`);
  const [{ filename }] = JSON.parse(npm(['pack', spec, '--json', '--pack-destination', dir]));
  const tarball = join(dir, filename);
  const actual = integrityOf(tarball);
  if (actual !== POSTHOG_JS.integrity) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${spec}: the downloaded tarball's integrity is ${actual}, pinned ${POSTHOG_JS.integrity}`);
  }
  // The browser bundles only: array.js and the extensions it loads lazily from /static/ (surveys.js and others).
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--wildcards', 'package/package.json', 'package/LICENSE', 'package/dist/*.js']);
  writeFileSync(join(dir, VERIFIED), `${actual}\n`);
  return dist;
}
