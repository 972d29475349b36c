// Page-side figures of `npm run bench`, each beside a baseline measured in the same run:
// start-up cost of the script tag, long tasks under 4× CPU throttling, CLS and INP when a survey appears
// and is answered, JS heap added. Everything runs on 127.0.0.1 in Debian's Chromium.
import { chromium } from 'playwright-core';
import { measureCard } from './cardMetrics.mjs';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Collects, from the start of the page: long tasks, long animation frames (with the time the widget's own scripts
 * ran in each: the attribution the Long Tasks API cannot give), layout shifts and interactions.
 */
const OBSERVE = () => {
  const w = window;
  w.__bench = { longTasks: [], widgetScripts: [], shifts: [], events: [] };
  const observe = (type, onEntry, extra = {}) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true, ...extra });
    } catch {
      // An unsupported entry type leaves its list empty.
    }
  };
  observe('longtask', (e) => w.__bench.longTasks.push({ start: e.startTime, duration: e.duration }));
  // A long animation frame lists the scripts (over 5 ms) that ran in it, with their source: the widget's are kept.
  observe('long-animation-frame', (e) =>
    e.scripts.forEach((s) => /confidence-pulse(\.ui)?\.js/.test(s.sourceURL) && w.__bench.widgetScripts.push({ start: s.startTime, duration: s.duration })),
  );
  observe('layout-shift', (e) => !e.hadRecentInput && w.__bench.shifts.push({ start: e.startTime, value: e.value }));
  observe('event', (e) => e.interactionId && w.__bench.events.push({ name: e.name, duration: e.duration }), { durationThreshold: 16 });
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
 * @param {{ storeUrl: string, baselineUrl: string, loads?: number, flows?: number }} options
 */
export async function measurePages({ storeUrl, baselineUrl, loads = 20, flows = 5 }) {
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

    // 2. Under 4× CPU throttling, `flows` fresh visitors (each sees the survey): long tasks during load, while the
    // survey appears and while scrolling, CLS, INP and heap. A long task counts as the widget's when one of its
    // scripts ran in it; the baseline page has no widget, so its column counts every long task, for scale.
    const measureFlow = async (url, withSurvey) => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await ctx.addInitScript(OBSERVE);
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(500);
      const heapLoaded = await heapAfterGc(page);
      /**
       * Long tasks since `from`: how many, how many of them ran the widget's scripts, and the most widget script time
       * inside one long task (the Long Tasks API names no script; long-animation-frame script entries fill that in).
       */
      const long = (from) =>
        page.evaluate((from) => {
          const b = window.__bench;
          const tasks = b.longTasks.filter((t) => t.start >= from && t.duration > 50);
          const widgetMs = tasks.map((t) =>
            b.widgetScripts.filter((s) => s.start >= t.start - 1 && s.start < t.start + t.duration).reduce((sum, s) => sum + s.duration, 0),
          );
          return { tasks: tasks.length, widget: widgetMs.filter((ms) => ms > 0).length, widgetMs: Math.max(0, ...widgetMs) };
        }, from);
      const now = () => page.evaluate(() => performance.now());
      const load = await long(0);
      let mark = await now();
      // Scrolling past half the page is what shows the survey on the demo category page.
      for (let y = 0; y <= 6; y++) {
        await page.mouse.wheel(0, 400);
        await page.waitForTimeout(120);
      }
      let surveyShift = 0;
      let inp = 0;
      const radio = page.locator('confidence-pulse').getByRole('radio').first();
      if (withSurvey) await radio.waitFor({ state: 'visible', timeout: 15_000 });
      // Playwright's locators load its own script into the page (about 1 MB of heap): the baseline loads it too.
      else await radio.count();
      await page.waitForTimeout(300);
      // The baseline scrolls the same way, without a survey to show.
      const appear = await long(mark);
      if (withSurvey) {
        // Shifts from the end of the load on: the demo page's own load may shift its header (store.js fills it in).
        surveyShift = await page.evaluate((from) => window.__bench.shifts.filter((s) => s.start >= from).reduce((a, s) => a + s.value, 0), mark);
        await radio.click();
        await page.waitForTimeout(500);
        inp = await page.evaluate(() => Math.max(0, ...window.__bench.events.map((e) => e.duration)));
      }
      mark = await now();
      for (let y = 0; y <= 10; y++) {
        await page.mouse.wheel(0, y % 2 ? -300 : 300);
        await page.waitForTimeout(80);
      }
      const scroll = await long(mark);
      const heapAfter = await heapAfterGc(page);
      await ctx.close();
      return { load, appear, scroll, surveyShift, inp, heapLoaded, heapAfter };
    };
    const runs = [];
    const bases = [];
    for (let i = 0; i < flows; i++) {
      runs.push(await measureFlow(`${storeUrl}/c/shoes`, true));
      bases.push(await measureFlow(baselineUrl, false));
    }
    /** "median (max)" of a figure over the runs. */
    const spread = (list, pick, unit = '') => `${median(list.map(pick)).toFixed(0)}${unit} (max ${Math.max(...list.map(pick)).toFixed(0)}${unit})`;
    const of = `median of ${flows} visitors, 4× CPU`;
    for (const [phase, key] of [['during load', 'load'], ['while the survey appears', 'appear'], ['while scrolling', 'scroll']]) {
      rows.push([
        `long tasks > 50 ms ${phase} (${of})`,
        `${spread(runs, (r) => r[key].tasks)}; ${spread(runs, (r) => r[key].widget)} running widget scripts`,
        spread(bases, (r) => r[key].tasks),
        `widget scripts in one long task: ${spread(runs, (r) => r[key].widgetMs, ' ms')}`,
      ]);
    }
    const cls = Math.max(...runs.map((r) => r.surveyShift));
    rows.push(['CLS when the survey appears (worst visitor)', cls.toFixed(4), '0', cls === 0 ? 'ok (0)' : 'NOT 0']);
    const inp = median(runs.map((r) => r.inp));
    rows.push([`INP of answering (${of})`, `${inp.toFixed(0)} ms (max ${Math.max(...runs.map((r) => r.inp)).toFixed(0)} ms)`, '—', inp <= 50 ? 'within 50 ms' : 'over 50 ms']);
    // 3. The card itself, `flows` more visitors at 4× (bench/cardMetrics.mjs): the frame that first draws it, from
    // long-animation-frame entries and a trace (CPU time, which a busy machine inflates less than wall time), and
    // the click that answers it.
    const cards = [];
    for (let i = 0; i < flows; i++) cards.push(await measureCard(browser, `${storeUrl}/c/shoes`, { throttle: 4 }));
    const worst = (pick, unit = ' ms') => `${median(cards.map(pick)).toFixed(0)}${unit} (max ${Math.max(...cards.map(pick)).toFixed(0)}${unit})`;
    const widgetTasks = cards.map((c) => c.appearWidgetLongTasks);
    rows.push([
      `card's first frame: long task holding its style and layout (${of})`,
      worst((c) => c.layoutLongTaskMs),
      '—',
      `frame ${worst((c) => c.frameMs)}, its style and layout ${worst((c) => c.frameStyleLayoutMs)}`,
    ]);
    rows.push([
      `card's first style + layout, main-thread CPU (trace, ${of})`,
      `${worst((c) => c.styleCpuMs + c.layoutCpuMs)}`,
      '—',
      `style ${worst((c) => c.styleCpuMs)} for ${cards[0]?.styleElements} elements, layout ${worst((c) => c.layoutCpuMs)}`,
    ]);
    rows.push([
      `long tasks with widget script while the card appears (${of})`,
      `${median(widgetTasks)} (max ${Math.max(...widgetTasks)})`,
      '—',
      `widget script in one: ${worst((c) => c.appearWidgetMsInLongTask)}`,
    ]);
    rows.push([`INP of answering, second sample (${of})`, worst((c) => c.inp), '—', `event processing ${worst((c) => c.clickProcessingMs)}`]);
    const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
    const heapLoaded = median(runs.map((r) => r.heapLoaded));
    const heapAfter = median(runs.map((r) => r.heapAfter));
    const baseLoaded = median(bases.map((r) => r.heapLoaded));
    const baseAfter = median(bases.map((r) => r.heapAfter));
    rows.push(['JS heap after load', kb(heapLoaded), kb(baseLoaded), `+${kb(heapLoaded - baseLoaded)}`]);
    rows.push(['JS heap after a survey was answered', kb(heapAfter), kb(baseAfter), `+${kb(heapAfter - baseAfter)}`]);
  } finally {
    await browser.close();
  }
  return rows;
}
