/**
 * Outcomes in real Chromium on the demo store: from code, from `data-cp-outcome` clicks, and from the URL rule of
 * the thank-you page, each stored with the visitor and session ids that join it to the answers. Also the demo's
 * markup hooks: ticking two compare boxes is counted by the markup alone and fires the survey's `compare` trigger.
 */
import { expect, test } from 'vitest';
import { openPage, probe, readEvents, useDemo, waitFor } from './harness';

const env = useDemo();

const stored = () => readEvents(env.demo.db).map((r) => JSON.parse(r.body));

test('outcomes from code, from a click and from the thank-you URL, each with the visitor and session ids', async () => {
  const context = await env.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openPage(page, `${env.demo.storeUrl}/p/trail-runner`);
  await page.evaluate(() => {
    const w = window as any;
    w.__outcomes = [];
    w.ConfidencePulse('on', 'outcome', (e: any) => w.__outcomes.push(e));
  });
  const ids = await probe(page);

  // The button has data-cp-outcome="add_to_cart" and matches the document's selector rule: one outcome, not two.
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.evaluate(() => {
    const w = window as any;
    w.ConfidencePulse('outcome', 'purchase', { value: 129, currency: 'EUR' });
    // A value that is not a finite number is left out rather than getting the event rejected.
    w.ConfidencePulse('outcome', 'refund', { value: Number.NaN });
  });
  const outcomes = await page.evaluate(() => (window as any).__outcomes.filter((e: any) => e.outcome.name !== 'probe'));
  expect(outcomes.map((e: any) => e.outcome)).toEqual([
    { name: 'add_to_cart' },
    { name: 'purchase', value: 129, currency: 'EUR' },
    { name: 'refund' },
  ]);

  // Cart, then "Buy now": the thank-you page's URL rule records the purchase; reloading it records nothing more.
  await openPage(page, `${env.demo.storeUrl}/checkout/cart`);
  await page.click('#buy');
  await page.waitForURL('**/checkout/thank-you');
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
  const thanks = await probe(page);
  await page.reload();
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
  const reloaded = await probe(page);
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));

  await waitFor(() => stored().some((e) => e.pageViewId === reloaded.pageViewId), 15_000, 'the last page view');
  const rows = stored().filter((e) => e.type === 'outcome' && e.outcome.name !== 'probe');
  expect(rows.map((e) => [e.outcome.name, e.page.path]).sort()).toEqual([
    ['add_to_cart', '/p/trail-runner'],
    ['purchase', '/checkout/thank-you'],
    ['purchase', '/p/trail-runner'],
    ['refund', '/p/trail-runner'],
  ]);
  const urlPurchase = rows.find((e) => e.page.path === '/checkout/thank-you')!;
  expect(urlPurchase.pageViewId).toBe(thanks.pageViewId);
  expect(urlPurchase.signals).toMatchObject({ navigationType: 'navigate', journey: ['product', 'checkout', 'checkout'] });
  for (const row of rows) expect([row.visitorId, row.sessionId]).toEqual([ids.visitorId, ids.sessionId]);
  await context.close();
});

test('the demo category page: compare boxes counted by markup alone fire the compare trigger; filters count once', async () => {
  const context = await env.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openPage(page, `${env.demo.storeUrl}/c/shoes`);
  const impression = page.evaluate(() => new Promise<any>((resolve) => (window as any).ConfidencePulse('on', 'impression', resolve)));
  await page.getByRole('checkbox', { name: 'Waterproof' }).check();
  await page.locator('select[data-cp-filter]').selectOption({ index: 1 });
  const boxes = page.getByRole('checkbox', { name: 'Compare' });
  await boxes.nth(0).check();
  // Unticking is not comparing.
  await boxes.nth(0).uncheck();
  expect(await probe(page)).toMatchObject({ filterChanges: 2, productsCompared: 1 });
  expect(await page.locator('confidence-pulse').count()).toBe(0);
  // Tiles in view for a second are products viewed (the page opens with the first row in view).
  await new Promise((r) => setTimeout(r, 1200));
  await boxes.nth(1).check();
  const shown = await impression;
  expect(shown.trigger).toBe('event');
  expect(shown.signals).toMatchObject({ productsCompared: 2, filterChanges: 2, tracked: { compare: 2, filter: 2 } });
  expect(shown.signals.productsViewed).toBeGreaterThan(0);
  await context.close();
});
