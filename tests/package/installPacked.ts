/**
 * Packs the package exactly as `npm publish` would (`npm pack`, from the built dist/) and installs the tarball
 * into a new temporary project, as a user's `npm install confidence-pulse` would. Dependencies come from the npm
 * cache first (`--prefer-offline`, filled by this repository's own install); the optional native SQLite driver is
 * left out, as a browser-only user would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Packed {
  /** The .tgz that `npm publish` would upload. */
  tarball: string;
  /** A temporary project with the tarball installed in node_modules/confidence-pulse. */
  project: string;
  /** The installed package's folder. */
  installed: string;
}

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Packs the package into a new temporary folder; answers the .tgz and its folder. */
export function packTarball(): { tarball: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cp-pack-'));
  const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT)) as { filename: string }[];
  return { tarball: join(dir, filename), dir };
}

export function installPacked(): Packed {
  const { tarball, dir } = packTarball();
  const project = join(dir, 'project');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(['install', tarball, '--prefer-offline', '--omit=optional', '--ignore-scripts', '--no-package-lock'], project);
  return { tarball, project, installed: join(project, 'node_modules', 'confidence-pulse') };
}
