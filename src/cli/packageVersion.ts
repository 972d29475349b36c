import { readFileSync } from 'node:fs';

/**
 * The version of an installed package (`confidence-pulse` or `confidence-pulse-collector`), from its package.json,
 * found upwards from this file, built or not; in the repository, a workspace package is found in node_modules.
 */
export function packageVersion(name: string): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    for (const manifestUrl of [new URL('package.json', dir), new URL(`node_modules/${name}/package.json`, dir)]) {
      try {
        const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as { name?: string; version?: string };
        if (manifest.name === name && manifest.version) return manifest.version;
      } catch {
        // No package.json here: look further.
      }
    }
    if (dir.pathname === '/') throw new Error(`cannot find the package.json of ${name}; reinstall it`);
  }
}
