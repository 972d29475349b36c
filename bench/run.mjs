// `npm run bench`: prints one table of figures measured in this run, each beside its baseline, on this machine's
// Chromium and Node, with everything served on 127.0.0.1. Bounded in time; exits non-zero only if it could not measure.
import { mkdtempSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../demo/startDemo.mjs';
import { measurePages } from './pageMetrics.mjs';
import { measureQueue } from './queueMetrics.mjs';
import { execFileSync } from 'node:child_process';

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
  rows.push(...(await measurePages({ storeUrl: demo.storeUrl, baselineUrl: `${demo.storeUrl}/bench/baseline`, loads: Number(process.env.BENCH_LOADS ?? 20), flows: Number(process.env.BENCH_FLOWS ?? 5) })));
  rows.push(...(await measureQueue({ storeUrl: demo.storeUrl })));
} catch (error) {
  console.error(`bench: could not measure: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await demo.close();
}

/** Runs one of the standalone benchmark scripts and returns its output (they print, and exit non-zero on failure). */
const runScript = (script, args) => execFileSync(process.execPath, [script, ...args], { cwd: new URL('..', import.meta.url), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 5 * 60_000 });
try {
  // Drain: 10,000 queued events through the browser's queue, beside the same events posted from Node in the same batches.
  const drain = runScript('bench/drain.mjs', ['10000', '1']);
  const widgetRate = Number(/median drain throughput: (\d+)/.exec(drain)?.[1]);
  const directRate = Number(/direct posting: (\d+)/.exec(drain)?.[1]);
  rows.push(['queue: drain 10,000 queued events into the local collector', `${widgetRate} events/s`, `${directRate} events/s (Node posting the same batches)`, `${((widgetRate / directRate) * 100).toFixed(0)}% of direct`]);
  // Collector: ingest with 20% repeated events (dedup) beside the same load with none.
  const ingest = (duplicates) => {
    const out = runScript('scripts/benchCollector.mjs', ['--seconds', '5', '--duplicates', String(duplicates)]);
    return { rate: /events ingested\s+\d+ \((\d+)\/s\)/.exec(out)?.[1], p99: /p99 ([\d.]+) ms/.exec(out)?.[1], p50: /p50 ([\d.]+) ms/.exec(out)?.[1] };
  };
  const dedup = ingest(0.2);
  const fresh = ingest(0);
  rows.push(['collector: events/s into SQLite, 20% repeats deduplicated', `${dedup.rate}/s`, `${fresh.rate}/s (no repeats)`, `×${(dedup.rate / fresh.rate).toFixed(2)}`]);
  rows.push(['collector: latency per 50-event batch (p50 / p99)', `${dedup.p50} / ${dedup.p99} ms`, `${fresh.p50} / ${fresh.p99} ms`, '16 concurrent clients']);
} catch (error) {
  console.error(`bench: could not measure: ${error.message ?? error}`);
  process.exitCode = 1;
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...[['figure', 'widget', 'baseline', 'difference'], ...rows].map((r) => String(r[i]).length)));
const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(`\nConfidence Pulse benchmark · ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}\n`);
console.log(line(['figure', 'widget', 'baseline', 'difference']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
rows.forEach((r) => console.log(line(r)));
