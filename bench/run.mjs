// `npm run bench`: prints one table of figures measured in this run, each beside its baseline, on this machine's
// Chromium and Node, with everything served on 127.0.0.1. Bounded in time; exits non-zero only if it could not measure.
import { mkdtempSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../demo/startDemo.mjs';
import { measurePages } from './pageMetrics.mjs';

const LIMIT_MS = 10 * 60_000;
const timer = setTimeout(() => {
  console.error('bench: time limit reached');
  process.exit(2);
}, LIMIT_MS);
timer.unref();

/** The category page exactly as served, minus the widget's two script tags: the baseline. */
const withoutWidget = (html) => html.replace(/<script src="\/stub\.js"><\/script>\s*<script async src="\/confidence-pulse\.js"[^>]*><\/script>/, '');

const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
let baselineHtml = '';
const demo = await startDemo({
  storePort: 0,
  collectorPort: 0,
  db: join(dir, 'bench.sqlite'),
  extraRoutes: { '/bench/baseline': () => ({ type: 'text/html; charset=utf-8', body: baselineHtml }) },
});
const rows = [];
try {
  baselineHtml = withoutWidget(await (await fetch(`${demo.storeUrl}/c/shoes`)).text());
  if (baselineHtml.includes('confidence-pulse.js')) throw new Error('could not build the baseline page');
  rows.push(...(await measurePages({ storeUrl: demo.storeUrl, baselineUrl: `${demo.storeUrl}/bench/baseline`, loads: Number(process.env.BENCH_LOADS ?? 20) })));
} catch (error) {
  console.error(`bench: could not measure: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await demo.close();
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...[['figure', 'widget', 'baseline', 'difference'], ...rows].map((r) => String(r[i]).length)));
const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(`\nConfidence Pulse benchmark · ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}\n`);
console.log(line(['figure', 'widget', 'baseline', 'difference']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
rows.forEach((r) => console.log(line(r)));
