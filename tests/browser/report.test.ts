/**
 * The report page in real Chromium, served by the BUILT collector (packages/collector/dist) with its built script and
 * Chart.js bundled in: sign-in with the token, charts drawn under the strict CSP, filters changing the numbers, escaped
 * visitor text, and screenshots on a laptop and a phone (written to /tmp/cp-shots/report-*.png).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningCollector, StartCollectorOptions } from '../../src/collector/index';
import { seedEvents } from '../fixtures/seedEvents';
import { useBrowser } from './harness';

const SHOTS = '/tmp/cp-shots';
const TOKEN = 'report-token-123';
const CHARTS = ['chart-outcome', 'chart-distribution', 'chart-page', 'chart-step', 'chart-momentum', 'chart-followup', 'chart-behaviour', 'chart-weeks', 'chart-variants'];

const env = useBrowser();
let collector: RunningCollector;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-report-'));
  mkdirSync(SHOTS, { recursive: true });
  const built = (await import(new URL('../../packages/collector/dist/index.js', import.meta.url).href)) as {
    startCollector(options: StartCollectorOptions): Promise<RunningCollector>;
  };
  collector = await built.startCollector({ port: 0, db: join(dir, 'pulse.sqlite'), token: TOKEN, log: false });
  const events = seedEvents({ visitors: 400 });
  for (let i = 0; i < events.length; i += 500) {
    const response = await fetch(`${collector.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: events.slice(i, i + 500) }),
    });
    expect((await response.json()).rejected).toBe(0);
  }
});

afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Whether a canvas has any drawn pixel. */
const hasInk = (id: string) =>
  `(() => { const c = document.getElementById(${JSON.stringify(id)}); if (!c || !c.width) return false;
     const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
     for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; })()`;

test('signs in, draws every chart under the CSP, and the filters change the numbers', async () => {
  const context = await env.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });

  await page.goto(`${collector.url}/`);
  await page.getByLabel('Token').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That token is not right.').waitFor();
  await page.screenshot({ path: `${SHOTS}/report-sign-in.png` });
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Where confidence is lost' }).waitFor();
  // HttpOnly: the session is invisible to scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain('cp_session');

  for (const id of CHARTS) {
    await expect.poll(() => page.evaluate(hasInk(id)), { message: id }).toBe(true);
    // Drawn by Chart.js (bundled into report.js, so no global): it marks each canvas it owns with `$chartjs`.
    expect(await page.evaluate((canvasId) => '$chartjs' in document.getElementById(canvasId)!, id)).toBe(true);
  }

  // Visitor text is shown as text and never runs.
  await page.getByRole('cell', { name: '<script>alert("xss")</script>' }).first().waitFor();

  const value = (id: string) => page.locator(`#${id} .value`).innerText();
  const all = { impressions: await value('funnel-displays'), mean: await value('mean') };
  // 400 seeded visitors, confidence built to predict purchases: the verdict is given, in words.
  expect(await page.locator('#verdict').getAttribute('data-state')).toBe('yes');
  await page.locator('#verdict').screenshot({ path: `${SHOTS}/report-verdict-seeded.png` });
  expect(Number(all.impressions.replace(',', ''))).toBeGreaterThan(100);

  await page.screenshot({ path: `${SHOTS}/report-laptop.png`, fullPage: true });

  // Choosing a page type applies at once (the script submits the form) and changes the numbers.
  await page.getByLabel('Page type', { exact: true }).selectOption('comparison');
  await page.waitForURL(/page=comparison/);
  await page.getByRole('heading', { name: 'Where confidence is lost' }).waitFor();
  const comparison = { impressions: await value('funnel-displays'), mean: await value('mean') };
  expect(comparison.impressions).not.toBe(all.impressions);
  expect(Number(comparison.mean)).toBeLessThan(Number(all.mean));
  expect(await page.getByLabel('Page type', { exact: true }).inputValue()).toBe('comparison');
  await expect.poll(() => page.evaluate(hasInk('chart-page'))).toBe(true);

  await page.getByLabel('Device', { exact: true }).selectOption('mobile');
  await page.waitForURL(/device=mobile/);
  expect(await value('funnel-displays')).not.toBe(comparison.impressions);

  // The export link carries the filters and the session cookie.
  const csvHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  expect(csvHref).toBe('/v1/export?format=csv&page=comparison&device=mobile');
  // The page itself may not fetch (connect-src is 'none'); the browser's download request carries the cookie.
  const csv = await context.request.get(`${collector.url}${csvHref}`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\r\n')[0]).toMatch(/^id,type,ts,/);

  // The two 401s are the sign-in page itself (before signing in, and after the wrong token).
  expect(problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
  expect(problems).toHaveLength(2);
  await context.close();
});

test('reads well on a phone: one column, no sideways scrolling of the page', async () => {
  const context = await env.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await context.addCookies([]);
  const page = await context.newPage();
  await page.goto(`${collector.url}/`);
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Where confidence is lost' }).waitFor();
  await expect.poll(() => page.evaluate(hasInk('chart-outcome'))).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const cards = await page.locator('#funnel-displays').boundingBox();
  expect(cards!.width).toBeLessThan(390);
  await page.screenshot({ path: `${SHOTS}/report-phone.png`, fullPage: true });
  await context.close();
});
