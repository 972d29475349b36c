// `node bench/cardCost.mjs [--visitors 5] [--throttle 4] [ROOT …]`: what the survey card costs the page when it
// appears and when it is answered, per visitor, under CPU throttling. Each ROOT is a checkout with a build (default:
// this one); given two (this one and main's, say), visits alternate between them, A B B A A B…, so a busy moment on a
// shared machine weighs on both. Per visitor it prints:
// - long tasks (≥ 50 ms) from the card's insertion until it is answered, and the widget script time inside them;
// - the long animation frame that first draws the card: its duration, its style-and-layout part, widget script in it;
// - from a Chromium trace: the style recalculation and layout of the card's first frame, in wall time and in the
//   main thread's CPU time (`tdur`, which neither throttling nor a busy machine inflates much), and the longest task;
// - the click on a rating: its Event Timing duration (what INP reports) and the CPU time of the tasks it ran.
// Medians and worst visitor follow. Prints; asserts nothing. After `npm run build` in every ROOT.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { measureCard, summarize } from './cardMetrics.mjs';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { visitors: { type: 'string', default: '5' }, throttle: { type: 'string', default: '4' }, json: { type: 'boolean', default: false } },
});
const roots = positionals.length ? positionals.map((p) => resolve(p)) : [resolve(new URL('..', import.meta.url).pathname)];
const visitors = Number(args.visitors);
const throttle = Number(args.throttle);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const load = () => loadavg().map((n) => n.toFixed(1)).join(' / ');

const demos = [];
let browser;
try {
  for (const root of roots) {
    const { startDemo } = await import(pathToFileURL(join(root, 'demo/startDemo.mjs')).href);
    demos.push(await startDemo({ storePort: 0, collectorPort: 0, db: join(mkdtempSync(join(tmpdir(), 'cp-card-')), 'bench.sqlite') }));
  }
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
  console.log(`card cost · ${new Date().toISOString()} · Chromium ${browser.version()} · ${throttle}× CPU · load average ${load()} at the start`);
  const results = roots.map(() => []);
  for (let i = 0; i < visitors; i++) {
    // ABBA: the order alternates every round, so neither side always goes first.
    const order = roots.map((_, k) => k);
    if (i % 2) order.reverse();
    for (const k of order) {
      const r = await measureCard(browser, `${demos[k].storeUrl}/c/shoes`, { throttle });
      results[k].push(r);
      console.log(`${roots[k]} #${i + 1}: ${JSON.stringify(r)} (load ${load()})`);
    }
  }
  console.log(`load average ${load()} at the end`);
  roots.forEach((root, k) => {
    console.log(`\n${root} (${visitors} visitors)`);
    for (const [name, value] of Object.entries(summarize(results[k]))) console.log(`  ${name.padEnd(52)} ${value}`);
  });
} catch (error) {
  console.error(`bench: could not measure: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  for (const demo of demos) await demo.close();
}
