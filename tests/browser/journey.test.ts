/**
 * The journey across page loads in real Chromium: page index, the page types of the session, the navigation type
 * (navigate, back_forward, reload), restores from the back/forward cache, and one `pageview` per page view.
 */
import { expect, test } from 'vitest';
import { launchTabs, openPage, probe, readEvents, testPage, useDemo, waitFor } from './harness';

/** Cacheable pages (the demo's own are `no-store`), so Chromium may keep them in the back/forward cache. */
const cacheable = (type: string) => () => ({
  type: 'text/html',
  headers: { 'cache-control': 'private, max-age=0' },
  body: testPage(
    env.demo.endpoint,
    `<p><a id="next" href="/t/bf-b">Next</a></p><script>addEventListener('pageshow', (e) => { window.__restored = e.persisted; });</script>`,
    { recordPageViews: true, outcomes: { reached_a: { match: ['/t/bf-a'] } } },
    type,
  ),
});

const env = useDemo({ extraRoutes: { '/t/bf-a': cacheable('category'), '/t/bf-b': cacheable('comparison') } });

const stored = () => readEvents(env.demo.db).map((r) => JSON.parse(r.body));

test('category → comparison → product, back, reload: page index, journey and navigation type persist across loads', async () => {
  const context = await env.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  const seen: Record<string, any>[] = [];
  for (const path of ['/c/shoes', '/compare', '/p/trail-runner']) {
    await openPage(page, `${env.demo.storeUrl}${path}`);
    seen.push(await probe(page));
  }
  await page.goBack();
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
  seen.push(await probe(page));
  await page.reload();
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
  seen.push(await probe(page));

  expect(seen.map((s) => [s.pageIndex, s.navigationType, s.journey])).toEqual([
    [1, 'navigate', ['category']],
    [2, 'navigate', ['category', 'comparison']],
    [3, 'navigate', ['category', 'comparison', 'product']],
    [4, 'back_forward', ['category', 'comparison', 'product', 'comparison']],
    [5, 'reload', ['category', 'comparison', 'product', 'comparison', 'comparison']],
  ]);
  expect(new Set(seen.map((s) => s.sessionId)).size).toBe(1);
  expect(new Set(seen.map((s) => s.visitorId)).size).toBe(1);
  expect(new Set(seen.map((s) => s.pageViewId)).size).toBe(5);
  expect(seen[0]).toMatchObject({ viewport: 'desktop', locale: 'en-US' });

  // The demo records page views: one `pageview` for each page view left, with the same journey.
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));
  const left = seen.slice(0, 4).map((s) => s.pageViewId);
  const pageviews = await waitFor(() => {
    const rows = stored().filter((e) => e.type === 'pageview' && left.includes(e.pageViewId));
    return rows.length >= 4 ? rows : undefined;
  }, 15_000, 'four pageviews');
  expect(pageviews).toHaveLength(4);
  for (const [i, s] of seen.slice(0, 4).entries()) {
    const row = pageviews.find((e) => e.pageViewId === s.pageViewId)!;
    expect(row.signals).toMatchObject({ pageIndex: s.pageIndex, journey: s.journey, navigationType: s.navigationType });
    expect(row.signals.totalMs).toBeGreaterThanOrEqual(seen[i]!.totalMs);
  }
  await context.close();
});

test('back to a page from the back/forward cache: a new page view of type back_forward, no repeated URL outcome', async () => {
  const tabs = await launchTabs();
  try {
    const [page] = tabs.context.pages();
    await openPage(page!, `${env.demo.storeUrl}/t/bf-a`);
    const first = await probe(page!);
    await page!.click('#next');
    await page!.waitForURL('**/t/bf-b');
    await page!.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
    const second = await probe(page!);
    // A restore fires no `load`: wait for the commit, then for the `pageshow` of a persisted page.
    await page!.goBack({ waitUntil: 'commit' });
    await page!.waitForFunction(() => (window as any).__restored !== undefined);
    const why = await page!.evaluate(() => JSON.stringify((performance.getEntriesByType('navigation')[0] as any)?.notRestoredReasons));
    expect(await page!.evaluate(() => (window as any).__restored), `not restored from the cache: ${why}`).toBe(true);
    const restored = await probe(page!);

    expect([first, second, restored].map((s) => [s.pageIndex, s.navigationType, s.journey])).toEqual([
      [1, 'navigate', ['category']],
      [2, 'navigate', ['category', 'comparison']],
      [3, 'back_forward', ['category', 'comparison', 'category']],
    ]);
    // A new page view: its own id and clock.
    expect(restored.pageViewId).not.toBe(first.pageViewId);
    expect(restored.totalMs).toBeLessThan(first.totalMs + 2000);

    await page!.evaluate(() => (window as any).ConfidencePulse('flush'));
    await waitFor(() => stored().some((e) => e.pageViewId === restored.pageViewId && e.type === 'outcome'), 10_000, 'the probe');
    const rows = stored();
    // The first visit's pageview was recorded once, when it went into the cache.
    await waitFor(() => stored().some((e) => e.type === 'pageview' && e.pageViewId === first.pageViewId), 10_000, 'the pageview');
    expect(stored().filter((e) => e.type === 'pageview' && e.pageViewId === first.pageViewId)).toHaveLength(1);
    // The URL outcome counts the visit, not the return to it.
    expect(rows.filter((e) => e.type === 'outcome' && e.outcome.name === 'reached_a').map((e) => e.pageViewId)).toEqual([first.pageViewId]);
  } finally {
    await tabs.close();
  }
});
