import { readFileSync } from 'node:fs';

/** The version of the installed package, from its package.json (found upwards from this file, built or not). */
export function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'confidence-pulse' && manifest.version) return manifest.version;
    } catch {
      // No package.json here: look one folder up.
    }
    if (dir.pathname === '/') throw new Error('cannot find the package.json of confidence-pulse; reinstall it');
  }
}
