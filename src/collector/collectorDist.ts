import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The built files of the `confidence-pulse-collector` package: `dist/report.js` (the report's script, Chart.js inside)
 * and `dist/widget/` (the widget's script tag and chunks, copied from the widget's build of the same release).
 * Resolving the package by name works from src/ (tests, through the workspace's link), its dist/ and node_modules alike.
 */
export function collectorDist(...path: string[]): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('confidence-pulse-collector/package.json')), 'dist', ...path);
}
