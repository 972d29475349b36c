// Main-thread cost of the behavioural-signal collectors while a visitor scrolls (the budget: no task over 50 ms from
// the widget with 4x CPU throttling). Not a test: it prints figures to compare builds.
//
//   npm run build && node bench/signalsCost.mjs [--rate 4] [--runs 3]
//
// Serves a long category page (240 product tiles with compare boxes) twice, with and without the built script tag,
// and scrolls each to the bottom and back with mouse-wheel input in Chromium under CPU throttling, recording a
// performance trace. From the renderer's main thread it reports: tasks over 50 ms (the page's own rendering makes
// some under throttling, widget or not), those of them in which widget code ran, and every call into
// confidence-pulse.js (event listeners, animation frames, timers, observers): how many, their total and the longest.
// Durations are throttled milliseconds and include the pauses the throttling injects, so they overstate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startDemo } from '../demo/startDemo.mjs';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '4' }, runs: { type: 'string', default: '3' } } });
const RATE = Number(values.rate);
const RUNS = Number(values.runs);
/** Wheel steps of 100 px, as a mouse wheel sends them; one every 16 ms. */
const STEP_PX = 100;
const STEP_MS = 16;

const tiles = Array.from(
  { length: 240 },
  (_, i) => `<article class="t" data-cp-product="p${i % 120}"><h3>Shoe ${i}</h3><p>Light, grippy, 8 mm drop.</p>
<label><input type="checkbox" data-cp-compare> Compare</label> <button data-cp-outcome="add_to_cart">Add</button></article>`,
).join('');
const page = (withWidget, endpoint) => `<!doctype html><html lang="en" data-cp-page="category"><head><meta charset="utf-8">
<style>body{margin:0;font:16px sans-serif}main{display:grid;grid-template-columns:repeat(4,1fr);gap:16px;padding:16px}.t{height:220px;background:#eef;padding:8px}</style>
${withWidget ? `<script type="application/json" id="confidence-pulse-config">${JSON.stringify({ version: 1, pages: { category: { match: ['/bench/**'] } }, surveys: [] })}</script>
<script src="/stub.js"></script><script async src="/confidence-pulse.js" data-endpoint="${endpoint}"></script>` : ''}
</head><body><main>${tiles}</main></body></html>`;

const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
let demo;
demo = await startDemo({
  storePort: 0,
  collectorPort: 0,
  db: join(dir, 'pulse.sqlite'),
  extraRoutes: {
    '/bench/with': () => ({ type: 'text/html', body: page(true, demo.endpoint) }),
    '/bench/without': () => ({ type: 'text/html', body: page(false, demo.endpoint) }),
  },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One scripted scroll down and back up under a trace; returns what was measured. */
async function run(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  await p.goto(`${demo.storeUrl}${path}`);
  if (path.endsWith('with')) await p.waitForFunction(() => typeof window.ConfidencePulse?.v === 'string');
  await sleep(1500);
  const cdp = await context.newCDPSession(p);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
  await cdp.send('Performance.enable');
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metric();
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await p.mouse.move(640, 400);
  const height = await p.evaluate(() => document.documentElement.scrollHeight - innerHeight);
  const steps = Math.ceil(height / STEP_PX);
  for (const dy of [STEP_PX, -STEP_PX]) {
    for (let i = 0; i < steps; i++) {
      await p.mouse.wheel(0, dy);
      await sleep(STEP_MS);
    }
  }
  await sleep(500);
  await cdp.send('Tracing.end');
  await complete;
  const after = await metric();
  await context.close();

  // The renderer's main thread of this page: the thread named CrRendererMain that ran its tasks.
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = (e) => mains.has(`${e.pid}:${e.tid}`);
  const widgetCalls = events.filter((e) => onMain(e) && e.name === 'FunctionCall' && String(e.args?.data?.url ?? '').includes('confidence-pulse'));
  const longTasks = events.filter((e) => onMain(e) && e.name === 'RunTask' && e.dur > 50_000);
  const withWidget = longTasks.filter((t) => widgetCalls.some((c) => c.pid === t.pid && c.tid === t.tid && c.ts >= t.ts && c.ts < t.ts + t.dur));
  const ms = (us) => us / 1000;
  // What each call served: the event, animation frame or timer it ran in.
  const kinds = {};
  const wrappers = events.filter((e) => onMain(e) && ['EventDispatch', 'FireAnimationFrame', 'TimerFire', 'FunctionCall'].includes(e.name) && e.dur);
  for (const call of widgetCalls) {
    const outer = wrappers.find((w) => w !== call && w.name !== 'FunctionCall' && w.tid === call.tid && w.pid === call.pid && w.ts <= call.ts && w.ts + w.dur >= call.ts + call.dur);
    const kind = outer ? `${outer.name}${outer.args?.data?.type ? `:${outer.args.data.type}` : ''}` : 'other (observer, promise)';
    const k = (kinds[kind] ??= { calls: 0, ms: 0, longestMs: 0 });
    k.calls++;
    k.ms += ms(call.dur);
    k.longestMs = Math.max(k.longestMs, ms(call.dur));
  }
  if (process.env.BENCH_DETAIL) console.log(path, kinds);
  return {
    wheelEvents: steps * 2,
    scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
    longTasks: longTasks.length,
    longTasksWithWidget: withWidget.length,
    widgetCalls: widgetCalls.length,
    widgetCallsMs: ms(widgetCalls.reduce((sum, c) => sum + c.dur, 0)),
    longestWidgetCallMs: ms(Math.max(0, ...widgetCalls.map((c) => c.dur))),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
try {
  for (const variant of ['without', 'with']) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await run(`/bench/${variant}`));
    results[variant] = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
  }
} finally {
  await browser.close();
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
}

const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
console.log(`\nScripted wheel scroll to the bottom and back, ${RATE}x CPU throttling, median of ${RUNS} runs (throttled ms)\n`);
console.log(`${'metric'.padEnd(22)}${'without widget'.padStart(16)}${'with widget'.padStart(14)}`);
for (const k of Object.keys(results.with)) console.log(`${k.padEnd(22)}${fmt(results.without[k]).padStart(16)}${fmt(results.with[k]).padStart(14)}`);
const { widgetCallsMs, wheelEvents } = results.with;
console.log(`\nwidget time per wheel event: ${(widgetCallsMs / wheelEvents).toFixed(2)} ms (throttled)`);
