// What the survey card costs one visitor under CPU throttling, from its appearance to its first answer: long tasks
// and long animation frames (with the widget's scripts in them), the style and layout of the card's first frame from
// a Chromium trace (wall and thread CPU time), and the click on a rating (Event Timing, and the CPU it ran).
// Used by `npm run bench` (bench/pageMetrics.mjs) and `node bench/cardCost.mjs` (paired builds).

/** The widget's files, as long-animation-frame script entries name them. */
const WIDGET_SCRIPT = /confidence-pulse(\.ui|\.lean)?\.js/;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs in the page before its scripts: long tasks, long animation frames (their render and style-and-layout start,
 * the scripts in them), interactions, and a user-timing mark `cp-bench:host` when the widget's host element enters
 * the page (so the trace and the entries share one moment).
 */
export const OBSERVE_CARD = () => {
  const c = { longTasks: [], frames: [], events: [], hostAt: undefined };
  window.__card = c;
  const observe = (type, onEntry, extra = {}) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true, ...extra });
    } catch {
      // An entry type this Chromium lacks leaves its list empty.
    }
  };
  observe('longtask', (e) => c.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('long-animation-frame', (e) =>
    c.frames.push({
      start: e.startTime,
      duration: e.duration,
      renderStart: e.renderStart,
      styleAndLayoutStart: e.styleAndLayoutStart,
      scripts: e.scripts.map((s) => ({ url: s.sourceURL, start: s.startTime, duration: s.duration, invoker: s.invoker })),
    }),
  );
  observe('event', (e) => e.interactionId && c.events.push({ name: e.name, start: e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart }), { durationThreshold: 16 });
  new MutationObserver((records) => {
    if (c.hostAt === undefined && records.some((r) => [...r.addedNodes].some((n) => n.nodeName == 'CONFIDENCE-PULSE'))) {
      c.hostAt = performance.now();
      performance.mark('cp-bench:host');
      // The harness waits for this message: polling the page from Playwright would run its own script in the page.
      console.debug('cp-bench:host');
    }
  }).observe(document, { childList: true, subtree: true });
};

/**
 * One first-time visitor: loads `url` (the demo category page), scrolls past half of it (the demo survey's trigger),
 * waits for the card, clicks the rating point 4 by its position, and measures. The trace covers the scroll to the
 * click's aftermath only.
 * @param {import('playwright-core').Browser} browser
 */
export async function measureCard(browser, url, { throttle = 4 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(OBSERVE_CARD);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const inserted = new Promise((resolve) => page.on('console', (m) => m.text() === 'cp-bench:host' && resolve(undefined)));
    const scrollAt = await page.evaluate(() => performance.now());
    for (let y = 0; y <= 6; y++) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(120);
    }
    await Promise.race([inserted, new Promise((_, reject) => setTimeout(() => reject(new Error('the survey did not show within 30 s')), 30_000).unref())]);
    await page.waitForTimeout(800);
    // The point "4" of the first question, found through the open shadow root (no Playwright script in the page).
    const target = await page.evaluate(() => {
      const el = document.querySelector('confidence-pulse')?.shadowRoot?.querySelectorAll('.s label')[3];
      if (!el) return undefined;
      const r = el.getBoundingClientRect();
      performance.mark('cp-bench:click');
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, at: performance.now() };
    });
    if (!target) throw new Error('no rating point to click');
    await page.mouse.click(target.x, target.y);
    await page.waitForTimeout(800);
    const observed = await page.evaluate(() => window.__card);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
    return analyse(observed, trace.traceEvents ?? trace, scrollAt, target.at);
  } finally {
    await context.close();
  }
}

/** The figures of one visit, from the page's entries and the trace. */
function analyse(c, events, scrollAt, clickAt) {
  const widgetIn = (start, end) =>
    c.frames.flatMap((f) => f.scripts).filter((s) => WIDGET_SCRIPT.test(s.url) && s.start >= start - 1 && s.start < end).reduce((sum, s) => sum + s.duration, 0);
  // Appearance: from the scroll that triggers the survey to the click (the UI chunk's load, validation, render, the
  // card's first frames and the impression).
  const appearTasks = c.longTasks.filter((t) => t.start + t.duration > scrollAt && t.start < clickAt && t.duration >= 50);
  const appearWidget = appearTasks.map((t) => widgetIn(t.start, t.start + t.duration));
  // The first frame that renders after the host went in draws the card.
  const frame = c.frames.find((f) => f.renderStart >= c.hostAt - 1 && f.start < clickAt);
  const frameEnd = frame && frame.start + frame.duration;
  // Did a long task hold the card's first style and layout?
  const layoutTask = frame && c.longTasks.find((t) => t.start <= frame.styleAndLayoutStart && t.start + t.duration >= frameEnd - 1);

  // The trace: the renderer main thread is the one that recorded the host mark.
  const hostMark = events.find((e) => e.name == 'cp-bench:host');
  const clickMark = events.find((e) => e.name == 'cp-bench:click');
  const main = hostMark && events.filter((e) => e.pid == hostMark.pid && e.tid == hostMark.tid);
  const sum = (list, key) => list.reduce((s, e) => s + (e[key] ?? 0), 0) / 1000;
  let trace = {};
  if (main && clickMark) {
    const between = (from, to) => main.filter((e) => e.ph == 'X' && e.ts >= from && e.ts < to);
    const firstFrame = between(hostMark.ts, clickMark.ts);
    // The card's first rendering: the first style recalculation after the insertion, and the layouts up to its paint.
    const style = firstFrame.find((e) => e.name == 'UpdateLayoutTree');
    const paint = style && firstFrame.find((e) => e.ts > style.ts && (e.name == 'Paint' || e.name == 'PrePaint'));
    const firstRender = style ? firstFrame.filter((e) => e.ts >= style.ts && e.ts <= (paint?.ts ?? style.ts)) : [];
    const styles = firstRender.filter((e) => e.name == 'UpdateLayoutTree');
    const layouts = firstRender.filter((e) => e.name == 'Layout');
    const tasks = (from, to) => between(from, to).filter((e) => e.name == 'ThreadControllerImpl::RunTask' || e.name == 'RunTask');
    const appearing = tasks(hostMark.ts - 0, clickMark.ts);
    const clickEvent = c.events.filter((e) => e.start >= clickAt).sort((a, b) => b.duration - a.duration)[0];
    const clickTasks = tasks(clickMark.ts + 1, clickMark.ts + Math.max(clickEvent?.duration ?? 0, 50) * 1000 + 50_000);
    trace = {
      styleMs: sum(styles, 'dur'),
      styleCpuMs: sum(styles, 'tdur'),
      styleElements: styles.reduce((s, e) => s + (e.args?.elementCount ?? 0), 0),
      layoutMs: sum(layouts, 'dur'),
      layoutCpuMs: sum(layouts, 'tdur'),
      layoutObjects: layouts.map((e) => `${e.args?.beginData?.dirtyObjects ?? '?'}/${e.args?.beginData?.totalObjects ?? '?'}`).join(' '),
      longestTaskMs: Math.max(0, ...appearing.map((e) => e.dur / 1000)),
      appearCpuMs: sum(appearing, 'tdur'),
      clickCpuMs: sum(clickTasks, 'tdur'),
    };
  }
  const click = c.events.filter((e) => e.start >= clickAt);
  return {
    appearLongTasks: appearTasks.length,
    appearWidgetLongTasks: appearWidget.filter((ms) => ms > 0).length,
    appearWidgetMsInLongTask: Math.round(Math.max(0, ...appearWidget)),
    frameMs: Math.round(frame?.duration ?? 0),
    frameStyleLayoutMs: Math.round(frame ? frameEnd - frame.styleAndLayoutStart : 0),
    frameWidgetMs: Math.round(frame ? widgetIn(frame.start, frameEnd) : 0),
    layoutLongTaskMs: Math.round(layoutTask?.duration ?? 0),
    inp: Math.round(Math.max(0, ...click.map((e) => e.duration))),
    clickProcessingMs: Math.round(Math.max(0, ...click.map((e) => e.processing))),
    ...Object.fromEntries(Object.entries(trace).map(([k, v]) => [k, typeof v == 'number' ? Math.round(v * 10) / 10 : v])),
  };
}

/** Median and worst of each numeric figure over the visitors, as "median (max …)". */
export function summarize(results) {
  const out = {};
  for (const key of Object.keys(results[0] ?? {})) {
    const values = results.map((r) => r[key]).filter((v) => typeof v == 'number');
    if (values.length) out[key] = `${Number(median(values).toFixed(1))} (max ${Math.max(...values)})`;
  }
  return out;
}
