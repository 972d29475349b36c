// One first-time visit to a page in a fresh browser context, measured the same way whatever tool the page carries:
// the JavaScript it received (brotli), Chromium's script-time counter, long tasks (for total blocking time), the
// moment a survey's first question became visible, the JS heap after a forced collection, and the latency of a click.
import { brotliCompressSync, constants } from 'node:zlib';

/** How long a visit keeps running after the question shows (or the tool is ready) before it is measured. */
export const SETTLE_MS = 2000;
/** How long after the click the Event Timing entries are read (they are reported after the next paint). */
const AFTER_CLICK_MS = 1000;

/**
 * Runs in the page before any of its scripts: records long tasks, interactions (Event Timing, from 16 ms, its
 * floor), first contentful paint and, when `selector` is given, the time of the first animation frame in which an
 * element matching it is visible, in the document or in any shadow root (`attachShadow` is wrapped to watch them).
 * The page then logs "cp-bench:shown", so nothing polls the page while it is measured.
 */
const OBSERVE = ({ selector }) => {
  const vs = { longTasks: [], events: [], fcp: undefined, shownAt: undefined, roots: [document] };
  window.__vs = vs;
  const observe = (type, onEntry, extra = {}) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true, ...extra });
    } catch {
      // An entry type this Chromium lacks leaves its list empty.
    }
  };
  observe('longtask', (e) => vs.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('event', (e) => e.interactionId && vs.events.push({ name: e.name, start: e.startTime, duration: e.duration }), { durationThreshold: 16 });
  observe('paint', (e) => e.name === 'first-contentful-paint' && (vs.fcp = e.startTime));
  if (!selector) return;
  let found;
  const visible = (el) => el.isConnected && el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && el.getBoundingClientRect().width > 0;
  // Once the element exists, each frame checks it until it can be seen (it may fade in or be moved on screen).
  const frame = (time) => {
    if (!visible(found)) return requestAnimationFrame(frame);
    vs.shownAt = time;
    console.debug('cp-bench:shown');
  };
  const check = () => {
    if (found) return;
    for (const root of vs.roots) found ??= root.querySelector(selector) ?? undefined;
    if (found) requestAnimationFrame(frame);
  };
  const watch = (root) => new MutationObserver(check).observe(root, { childList: true, subtree: true });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    vs.roots.push(root);
    watch(root);
    return root;
  };
  watch(document);
};

/** Brotli size (quality 11, as `npm run build` reports) of one response body. */
const brotliSize = (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Total blocking time: the part of each long task beyond 50 ms, for the tasks that started before `until`. */
const blockingTime = (longTasks, until) => longTasks.filter((t) => t.start < until).reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);

/**
 * @typedef {{ name: string, url: string, question?: string, clickIndex?: number, ready?: RegExp }} Variant
 * `question`: the selector of a rating point (the question counts as visible when the first one is); `clickIndex`:
 * which point is clicked; `ready`: for a page without a survey, the response after which the tool has started.
 */

/**
 * Measures one visit. `throttle` is Chromium's CPU throttling rate; `click` clicks a rating point (or, on a page
 * without a survey, the heading) and reads its latency.
 * @param {import('playwright-core').Browser} browser
 * @param {Variant} variant
 * @returns {Promise<{ jsBytes: number, scripts: string[], script: number, blocking: number, shownAt?: number, fcp?: number, heap: number, click?: number }>}
 */
export async function measureVisit(browser, variant, { throttle = 1, click = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(OBSERVE, { selector: variant.question ?? null });
    const page = await context.newPage();
    /** @type {Promise<{ url: string, bytes: number } | undefined>[]} */
    const scripts = [];
    page.on('response', (response) => {
      if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
      scripts.push(response.body().then((body) => ({ url: response.url(), bytes: brotliSize(body) }), () => undefined));
    });
    const shown = variant.question ? new Promise((resolve) => page.on('console', (m) => m.text() === 'cp-bench:shown' && resolve(undefined))) : undefined;
    const ready = variant.ready ? page.waitForResponse((r) => variant.ready.test(r.url()), { timeout: 120_000 }) : undefined;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(variant.url, { waitUntil: 'load', timeout: 120_000 });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`${variant.name}: the question did not show within 120 s`)), 120_000).unref());
    await Promise.race([Promise.all([shown, ready]), timeout]);
    await page.waitForTimeout(SETTLE_MS);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const script = (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
    const received = (await Promise.all(scripts)).filter((s) => s !== undefined);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const observed = await page.evaluate(() => ({ now: performance.now(), longTasks: window.__vs.longTasks, fcp: window.__vs.fcp, shownAt: window.__vs.shownAt }));
    const result = {
      jsBytes: received.reduce((sum, s) => sum + s.bytes, 0),
      scripts: received.map((s) => `${new URL(s.url).pathname} ${s.bytes} B`),
      script,
      blocking: blockingTime(observed.longTasks, observed.now),
      shownAt: observed.shownAt,
      fcp: observed.fcp,
      heap,
    };
    if (click) result.click = await clickAndMeasure(page, variant);
    return result;
  } finally {
    await context.close();
  }
}

/**
 * Clicks the variant's rating point (by its on-screen position, so no helper script enters the page) or the page's
 * heading, and returns the longest Event Timing duration of that interaction; 0 when it stayed under 16 ms.
 */
async function clickAndMeasure(page, variant) {
  const target = await page.evaluate(({ selector, index }) => {
    const el = selector ? window.__vs.roots.map((root) => root.querySelectorAll(selector)[index]).find(Boolean) : document.querySelector('h1');
    if (!el) return undefined;
    const r = el.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2, at: performance.now() };
  }, { selector: variant.question ?? null, index: variant.clickIndex ?? 0 });
  if (!target) throw new Error(`${variant.name}: nothing to click`);
  await page.mouse.click(target.x, target.y);
  await page.waitForTimeout(AFTER_CLICK_MS);
  return page.evaluate((from) => Math.max(0, ...window.__vs.events.filter((e) => e.start >= from).map((e) => e.duration)), target.at);
}
