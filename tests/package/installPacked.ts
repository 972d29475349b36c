/**
 * Packs the packages exactly as `npm publish` would (`npm pack`, from the built dist/) and installs the tarballs
 * into a new temporary project, as a user's `npm install confidence-pulse` would. Dependencies come from the npm
 * cache first (`--prefer-offline`, filled by this repository's own install).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the widget package `confidence-pulse`. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The collector package's folder, a workspace of the repository. */
export const COLLECTOR_ROOT = join(ROOT, 'packages', 'collector');

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

/** Packs a package (the widget unless told) into a new temporary folder; answers the .tgz and its folder. */
export function packTarball(packageDir = ROOT): { tarball: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cp-pack-'));
  const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], packageDir)) as { filename: string }[];
  return { tarball: join(dir, filename), dir };
}

/** A new empty project (a package.json and nothing else), in a new temporary folder unless given one. */
export function emptyProject(project = mkdtempSync(join(tmpdir(), 'cp-project-'))): string {
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  return project;
}

/** What `npm install` printed, and whether it succeeded. */
export interface InstallRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm install ARGS` in the project as a user would (default log level, so every warning shows; install
 * scripts, if any, run in the foreground and print their names).
 */
export function npmInstall(project: string, args: string[]): InstallRun {
  const run = spawnSync('npm', ['install', ...args, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', '--no-package-lock'], {
    cwd: project,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every package installed in the project (`npm ls --all --parseable`), as folders under node_modules, the project left out. */
export function installedPackages(project: string): string[] {
  const lines = npm(['ls', '--all', '--parseable'], project).split('\n').filter(Boolean);
  return lines.filter((line) => line !== project).map((line) => line.slice(line.lastIndexOf('node_modules/') + 'node_modules/'.length));
}

export function installPacked(): Packed {
  const { tarball, dir } = packTarball();
  const project = emptyProject(join(dir, 'project'));
  npm(['install', tarball, '--prefer-offline', '--no-package-lock'], project);
  return { tarball, project, installed: join(project, 'node_modules', 'confidence-pulse') };
}
