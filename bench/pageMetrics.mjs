// Page-side figures of `npm run bench` (SPEC §10), each beside a baseline measured in the same run:
// start-up cost of the script tag, long tasks under 4× CPU throttling, CLS and INP when a survey appears
// and is answered, JS heap added. Everything runs on 127.0.0.1 in Debian's Chromium.
import { chromium } from 'playwright-core';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Collects long tasks and layout shifts from the start of the page. */
const OBSERVE = () => {
  const w = window;
  w.__bench = { longTasks: [], shifts: [], events: [] };
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__bench.longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => list.getEntries().forEach((e) => !e.hadRecentInput && w.__bench.shifts.push(e.value))).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => list.getEntries().forEach((e) => e.interactionId && w.__bench.events.push({ name: e.name, duration: e.duration }))).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    // Unsupported entry types leave their lists empty.
  }
};

/** Main-thread script and task time of one load, from Chromium's own counters, after the page settles. */
async function loadCost(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(400);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await page.close();
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { script: get('ScriptDuration') * 1000, task: get('TaskDuration') * 1000 };
}

async function heapAfterGc(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/**
 * Runs the page measurements against a started demo (see demo/startDemo.mjs) and returns table rows.
 * @param {{ storeUrl: string, baselineUrl: string, loads?: number }} options
 */
export async function measurePages({ storeUrl, baselineUrl, loads = 20 }) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
  const rows = [];
  try {
    // 1. Start-up: median script and task time of `loads` loads, widget page vs the same page without it.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const widget = { script: [], task: [] };
    const base = { script: [], task: [] };
    for (let i = 0; i < loads; i++) {
      const a = await loadCost(context, `${storeUrl}/c/shoes`);
      const b = await loadCost(context, baselineUrl);
      widget.script.push(a.script);
      widget.task.push(a.task);
      base.script.push(b.script);
      base.task.push(b.task);
    }
    const ws = median(widget.script);
    const bs = median(base.script);
    rows.push(['start-up: script time per load (median of ' + loads + ')', `${ws.toFixed(1)} ms`, `${bs.toFixed(1)} ms`, `+${(ws - bs).toFixed(1)} ms (×${(ws / bs).toFixed(2)})`]);
    const wt = median(widget.task);
    const bt = median(base.task);
    rows.push(['start-up: main-thread task time per load', `${wt.toFixed(1)} ms`, `${bt.toFixed(1)} ms`, `+${(wt - bt).toFixed(1)} ms (×${(wt / bt).toFixed(2)})`]);
    await context.close();

    // 2. Under 4× CPU throttling: long tasks during load, while the survey appears, while scrolling; CLS; INP; heap.
    const measureFlow = async (url, withSurvey) => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await ctx.addInitScript(OBSERVE);
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(500);
      const heapLoaded = await heapAfterGc(page);
      const countLong = () => page.evaluate(() => window.__bench.longTasks.filter((t) => t.duration > 50).length);
      const loadLong = await countLong();
      // Scrolling past half the page is what shows the survey on the demo category page.
      for (let y = 0; y <= 6; y++) {
        await page.mouse.wheel(0, 400);
        await page.waitForTimeout(120);
      }
      let surveyShift = 0;
      let inp = 0;
      let appearLong = 0;
      if (withSurvey) {
        const radio = page.locator('confidence-pulse').getByRole('radio').first();
        await radio.waitFor({ state: 'visible', timeout: 15_000 });
        await page.waitForTimeout(300);
        appearLong = (await countLong()) - loadLong;
        surveyShift = await page.evaluate(() => window.__bench.shifts.reduce((a, b) => a + b, 0));
        await radio.click();
        await page.waitForTimeout(500);
        inp = await page.evaluate(() => Math.max(0, ...window.__bench.events.map((e) => e.duration)));
      }
      const scrollStart = await countLong();
      for (let y = 0; y <= 10; y++) {
        await page.mouse.wheel(0, y % 2 ? -300 : 300);
        await page.waitForTimeout(80);
      }
      const scrollLong = (await countLong()) - scrollStart;
      const heapAfter = await heapAfterGc(page);
      await ctx.close();
      return { loadLong, appearLong, scrollLong, surveyShift, inp, heapLoaded, heapAfter };
    };
    const w = await measureFlow(`${storeUrl}/c/shoes`, true);
    const b = await measureFlow(baselineUrl, false);
    rows.push(['long tasks > 50 ms during load (4× CPU)', String(w.loadLong), String(b.loadLong), `${w.loadLong - b.loadLong >= 0 ? '+' : ''}${w.loadLong - b.loadLong}`]);
    rows.push(['long tasks > 50 ms while the survey appears (4× CPU)', String(w.appearLong), '—', String(w.appearLong)]);
    rows.push(['long tasks > 50 ms while scrolling (4× CPU)', String(w.scrollLong), String(b.scrollLong), `${w.scrollLong - b.scrollLong >= 0 ? '+' : ''}${w.scrollLong - b.scrollLong}`]);
    rows.push(['CLS when the survey appears', w.surveyShift.toFixed(4), '0', w.surveyShift === 0 ? 'ok (0)' : 'NOT 0']);
    rows.push(['INP of answering (slowest interaction, 4× CPU)', `${w.inp.toFixed(0)} ms`, '—', w.inp <= 50 ? 'within 50 ms' : 'over 50 ms']);
    const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
    rows.push(['JS heap after load', kb(w.heapLoaded), kb(b.heapLoaded), `+${kb(w.heapLoaded - b.heapLoaded)}`]);
    rows.push(['JS heap after a survey was answered', kb(w.heapAfter), kb(b.heapAfter), `+${kb(w.heapAfter - b.heapAfter)}`]);
  } finally {
    await browser.close();
  }
  return rows;
}
