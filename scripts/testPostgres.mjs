// A throwaway PostgreSQL server on 127.0.0.1 for the PostgreSQL store's tests and the benchmark:
// a fresh cluster in a temp folder, trust authentication, a free port, no fsync (test data only).
//
//   node scripts/testPostgres.mjs start   prints `export CP_TEST_PG_URL=… CP_TEST_PG_DIR=…` for `eval`
//   node scripts/testPostgres.mjs stop    stops the cluster in $CP_TEST_PG_DIR and deletes it
//
// .ci/run uses the commands; tests/setup/postgres.ts imports the functions when CP_TEST_PG_URL is not set.
// As root (initdb refuses root) the server runs as the `postgres` user that Debian's package creates.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Debian installs each major version's server programs. */
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';

/** The folder holding `initdb` and `pg_ctl`, or undefined when no PostgreSQL server is installed. */
export function findPostgresBin() {
  if (process.env.CP_PG_BIN && existsSync(join(process.env.CP_PG_BIN, 'initdb'))) return process.env.CP_PG_BIN;
  if (existsSync(DEBIAN_PG_ROOT)) {
    const versions = readdirSync(DEBIAN_PG_ROOT)
      .filter((v) => existsSync(join(DEBIAN_PG_ROOT, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(DEBIAN_PG_ROOT, versions[0], 'bin');
  }
  try {
    const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (existsSync(join(bin, 'initdb'))) return bin;
  } catch {
    // No pg_config on the PATH: no server either.
  }
  return undefined;
}

/** The message given when no server is installed and no URL is set: tests fail with it, never skip. */
export const MISSING_POSTGRES =
  'The PostgreSQL store tests need a PostgreSQL server. Set CP_TEST_PG_URL=postgres://user:password@127.0.0.1:5432/postgres ' +
  '(a role allowed to CREATE DATABASE), or install Debian\'s server with "apt-get install -y postgresql" so the tests can start ' +
  'a throwaway cluster themselves (.ci/run does this).';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server program, as `postgres` when we are root. */
function run(bin, program, args) {
  const command = join(bin, program);
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  else execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Creates and starts a cluster; resolves with its connection URL (database `postgres`, user `postgres`) and folder.
 * @returns {Promise<{ url: string, dir: string }>}
 */
export async function startTestPostgres() {
  const bin = findPostgresBin();
  if (!bin) throw new Error(MISSING_POSTGRES);
  const dir = mkdtempSync(join(tmpdir(), 'cp-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    run(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', serverOptions, '-w', '-t', '60', 'start']);
  } catch (error) {
    const detail = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr) : String(error);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start a throwaway PostgreSQL with ${bin}: ${detail.trim()}`);
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir };
}

/** Stops the cluster that `startTestPostgres` made in `dir` and deletes its files. */
export function stopTestPostgres(dir) {
  const bin = findPostgresBin();
  try {
    if (bin) run(bin, 'pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'start') {
    const { url, dir } = await startTestPostgres();
    process.stdout.write(`export CP_TEST_PG_URL='${url}' CP_TEST_PG_DIR='${dir}'\n`);
  } else if (command === 'stop' && process.env.CP_TEST_PG_DIR) {
    stopTestPostgres(process.env.CP_TEST_PG_DIR);
  } else {
    process.stderr.write('usage: node scripts/testPostgres.mjs start | stop (with CP_TEST_PG_DIR set)\n');
    process.exitCode = 1;
  }
}
